/** Module licence facts (reference §1.3: include/linux/license.h). */
export const GPL_COMPATIBLE_LICENSES: readonly string[] = [
  'GPL',
  'GPL v2',
  'GPL and additional rights',
  'Dual BSD/GPL',
  'Dual MIT/GPL',
  'Dual MPL/GPL',
];

export interface LicenseInfo {
  /**
   * - `gpl`: a GPL-compatible MODULE_LICENSE governs the file;
   * - `non-gpl`: a MODULE_LICENSE that is not GPL-compatible governs it;
   * - `unknown`: a MODULE_LICENSE whose value is not a string literal;
   * - `none`: no MODULE_LICENSE found (built-in code, or not determinable).
   */
  readonly kind: 'gpl' | 'non-gpl' | 'unknown' | 'none';
  readonly license?: string;
  /** Relative path of the file holding the MODULE_LICENSE. */
  readonly where?: string;
}

export function isGplCompatible(license: string): boolean {
  return GPL_COMPATIBLE_LICENSES.includes(license);
}
