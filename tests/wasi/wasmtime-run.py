#!/usr/bin/env python3
"""Run a WASI preview1 program under wasmtime (PyPI `wasmtime`) the way the wasmtime CLI would.

usage: wasmtime-run.py [--dir HOST::GUEST]... [--env K=V]... [--] prog.wasm [args...]

stdin, stdout and stderr are this process's own. The exit status follows the CLI: the program's proc_exit code
(0 when _start returns), 134 with a message on stderr for a trap, 1 with a message for any other error (such as
proc_exit with a status of 126 or more).
"""
import os
import sys

import wasmtime


def parse(argv):
    dirs, env, i = [], [], 0
    while i < len(argv):
        arg = argv[i]
        if arg == "--":
            i += 1
            break
        if arg in ("--dir", "--env") and i + 1 < len(argv):
            value = argv[i + 1]
            if arg == "--dir":
                host, sep, guest = value.partition("::")
                dirs.append((host, guest if sep else host))
            else:
                key, _, val = value.partition("=")
                env.append((key, val))
            i += 2
            continue
        break
    if i >= len(argv):
        sys.exit(__doc__)
    return dirs, env, argv[i], argv[i:]


def main():
    dirs, env, program, args = parse(sys.argv[1:])
    engine = wasmtime.Engine()
    store = wasmtime.Store(engine)
    config = wasmtime.WasiConfig()
    config.argv = [os.path.basename(program)] + args[1:]  # argv[0] as wasmtime's command line gives it
    config.env = env
    for host, guest in dirs:
        config.preopen_dir(host, guest)
    config.inherit_stdin()
    config.inherit_stdout()
    config.inherit_stderr()
    store.set_wasi(config)
    linker = wasmtime.Linker(engine)
    linker.define_wasi()
    try:
        module = wasmtime.Module.from_file(engine, program)
        instance = linker.instantiate(store, module)
        instance.exports(store)["_start"](store)
    except wasmtime.ExitTrap as exit:
        sys.exit(exit.code)
    except wasmtime.Trap as trap:
        print(f"Error: {trap}", file=sys.stderr)
        sys.exit(134)
    except wasmtime.WasmtimeError as error:
        print(f"Error: {error}", file=sys.stderr)
        sys.exit(1)
    sys.exit(0)


if __name__ == "__main__":
    main()
