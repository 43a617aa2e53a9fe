/* A QEMU TCG plugin: how many times each translation block ran, with its start address and its number of guest
 * instructions, written at exit as lines "ADDRESS INSTRUCTIONS EXECUTIONS" (hex, decimal, decimal) to the file
 * named by its argument out=FILE (default tbcount.txt). report.py turns them into instructions per kernel
 * function. Debian ships no qemu-plugin.h, so the few entry points used (QEMU 7.2's plugin API, version 1) are
 * declared here. */
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef uint64_t qemu_plugin_id_t;
struct qemu_plugin_tb;
typedef void (*translation_callback)(qemu_plugin_id_t id, struct qemu_plugin_tb *tb);
typedef void (*exit_callback)(qemu_plugin_id_t id, void *data);
enum { INLINE_ADD_U64 = 0 };

extern void qemu_plugin_register_vcpu_tb_trans_cb(qemu_plugin_id_t id, translation_callback callback);
extern size_t qemu_plugin_tb_n_insns(const struct qemu_plugin_tb *tb);
extern uint64_t qemu_plugin_tb_vaddr(const struct qemu_plugin_tb *tb);
extern void qemu_plugin_register_vcpu_tb_exec_inline(struct qemu_plugin_tb *tb, int op, void *counter,
                                                     uint64_t increment);
extern void qemu_plugin_register_atexit_cb(qemu_plugin_id_t id, exit_callback callback, void *data);

__attribute__((visibility("default"))) int qemu_plugin_version = 1;

/* One per translation (a block translated again gets another; report.py adds them up by address). The counter
 * is bumped by code QEMU inlines into the block: exact under single-threaded TCG (-icount). */
struct block {
    uint64_t address, instructions, executions;
    struct block *next;
};
static struct block *blocks;
static const char *out_path = "tbcount.txt";

static void translated(qemu_plugin_id_t id, struct qemu_plugin_tb *tb) {
    struct block *block = calloc(1, sizeof *block);
    if (!block) return;
    block->address = qemu_plugin_tb_vaddr(tb);
    block->instructions = qemu_plugin_tb_n_insns(tb);
    block->next = blocks;
    blocks = block;
    qemu_plugin_register_vcpu_tb_exec_inline(tb, INLINE_ADD_U64, &block->executions, 1);
}

static void finished(qemu_plugin_id_t id, void *data) {
    FILE *out = fopen(out_path, "w");
    if (!out) return;
    for (struct block *block = blocks; block; block = block->next)
        if (block->executions)
            fprintf(out, "%llx %llu %llu\n", (unsigned long long)block->address,
                    (unsigned long long)block->instructions, (unsigned long long)block->executions);
    fclose(out);
}

__attribute__((visibility("default")))
int qemu_plugin_install(qemu_plugin_id_t id, const void *info, int argc, char **argv) {
    for (int i = 0; i < argc; i++)
        if (!strncmp(argv[i], "out=", 4)) out_path = argv[i] + 4;
    qemu_plugin_register_vcpu_tb_trans_cb(id, translated);
    qemu_plugin_register_atexit_cb(id, finished, NULL);
    return 0;
}
