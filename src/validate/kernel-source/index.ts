export { cacheDir } from './cache-dir.js';
export { ensureKernelSource, kernelSourceDir, type DebianKernel } from './ensure-kernel-source.js';
