"""The reference side: wasmtime (PyPI), configured for WebAssembly 2.0 with the 3.0 features the generators can
emit and Wax runs (tail calls, exception handling, multi-memory, memory64, SIMD, GC; extended constants are on in
wasmtime by default), running a module like --fuzz-exec."""
import zlib

import wasmtime

import events

# Enough for every binaryen fuzz module, whose loops and recursion are bounded by its hang limit; a module that
# still runs out is skipped rather than judged.
FUEL = 2_000_000_000

# ValType is not hashable, and its text calls externref "anyref": compare instead.
KINDS = [(getattr(wasmtime.ValType, name)(), name) for name in ("i32", "i64", "f32", "f64", "funcref", "externref")]
DEFAULTS = {"i32": 0, "i64": 0, "f32": 0.0, "f64": 0.0, "funcref": None, "externref": None}


class OutOfFuel(Exception):
    pass


def engine():
    config = wasmtime.Config()
    for feature in ("relaxed_simd", "threads", "wide_arithmetic", "custom_page_sizes", "stack_switching",
                    "component_model"):
        setattr(config, "wasm_" + feature, False)
    for feature in ("reference_types", "bulk_memory", "multi_value", "tail_call", "exceptions", "multi_memory",
                    "memory64", "simd", "function_references", "gc"):
        setattr(config, "wasm_" + feature, True)
    config.consume_fuel = True
    return wasmtime.Engine(config)


def kind(valtype):
    for candidate, name in KINDS:
        if valtype == candidate:
            return name
    raise ValueError(f"value type {valtype} is not WebAssembly 2.0")


def validate(engine_, data):
    """None when wasmtime accepts the module, else its reason."""
    try:
        wasmtime.Module(engine_, data)
        return None
    except wasmtime.WasmtimeError as error:
        return str(error).splitlines()[-1].strip()


def run(engine_, data):
    """The canonical events of running the module (see events.py); raises OutOfFuel."""
    module = wasmtime.Module(engine_, data)
    store = wasmtime.Store(engine_)
    store.set_fuel(FUEL)
    trace = []
    linker = wasmtime.Linker(engine_)
    for imported in module.imports:
        if imported.module == "fuzzing-support" and imported.name.startswith("log-") \
                and isinstance(imported.type, wasmtime.FuncType):
            params = [kind(p) for p in imported.type.params]

            def log(*values, params=params):
                trace.append(" ".join(["log"] + [events.python_value(k, v) for k, v in zip(params, values)]))

            linker.define_func(imported.module, imported.name, imported.type, log)
    try:
        instance = linker.instantiate(store, module)
    except (wasmtime.Trap, wasmtime.WasmtimeError):
        return trace + ["unlinkable"]
    exports = instance.exports(store)

    def state():
        for export in module.exports:
            item = exports[export.name]
            if isinstance(item, wasmtime.Memory):
                data = item.read(store, 0, item.data_len(store))
                trace.append(f"memory {export.name} {item.size(store)} {zlib.crc32(data):#x}")
            elif isinstance(item, wasmtime.Global):
                value = item.value(store)
                # wasmtime-py 51 hands a null reference global over wrapped in a Val.
                if isinstance(value, wasmtime.Val):
                    value = value.value
                value = events.python_value(kind(item.type(store).content), value)
                trace.append(f"global {export.name} {value}")

    state()
    for export in module.exports:
        if not isinstance(export.type, wasmtime.FuncType):
            continue
        function = exports[export.name]
        params = [kind(p) for p in export.type.params]
        results = [kind(r) for r in export.type.results]
        trace.append("export " + export.name)
        try:
            value = function(store, *[DEFAULTS[p] for p in params])
        except wasmtime.Trap as trap:
            code = trap.trap_code
            if code == wasmtime.TrapCode.OUT_OF_FUEL:
                raise OutOfFuel()
            if code is None and "thrown Wasm exception" in trap.message:
                trace.append("trap uncaught-exception")
            else:
                trace.append(events.wasmtime_trap(code.name if code is not None else trap.message))
        except wasmtime.WasmtimeError as error:
            trace.append("trap other: " + str(error).splitlines()[0])
        else:
            values = [] if not results else value if len(results) > 1 else [value]
            trace.append(" ".join(["result"] + [events.python_value(k, v) for k, v in zip(results, values)]))
        state()
    return trace
