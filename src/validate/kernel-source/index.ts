export { cacheDir } from '../../core/cache-dir.js';
export { ensureKernelSource, kernelSourceDir, type DebianKernel } from './ensure-kernel-source.js';
