// libs' syscall table over the x86_64 syscall numbers. libs' own userspace build compiles syscall_table64.c, which
// includes syscall_compat.h (the host architecture's numbers) and then syscall_table.c; Peregrine's table is the
// x86_64 one whatever machine runs the generator, so this includes the x86_64 numbers directly, as
// syscall_table64.c does for MSVC and Emscripten. Nothing else defines __NR_* here: no system header comes first.
#include "syscall_compat_x86_64.h"

#include "syscall_table.c"
