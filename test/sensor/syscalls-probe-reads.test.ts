// The whole of syscalls.test.ts (every syscall triggered, every parameter checked against the kernel's values and
// sysdig's decoding) against the build of the kernel programs that reads kernel memory with bpf_probe_read_kernel:
// the one kernels before 6.2 load, which the loader does not pick where direct reads work (sensor/README.md "Kernel
// reads"). Without this run that build would only be known to pass the verifier.
process.env.SENSOR_TEST_KERNEL_READS = 'probe';
await import('./syscalls.test.ts');
