/**
 * Generated C for the scale bench (`npm run bench:scale`) and for tests that
 * need a large file of real-looking kmap code: no kernel source is copied.
 */
/** One convertible kmap function (varying shape so the file is not one repeated token stream). */
export function kmapFunction(i: number): string {
  return `static void drv_copy_${i}(struct page *page, unsigned int off, void *dst, size_t len)
{
\tchar *kaddr = kmap_atomic(page);

\tif (len > ${(i % 7) + 1})
\t\tlen = ${(i % 7) + 1};
\tmemcpy(dst, kaddr + off, len);
\tkunmap_atomic(kaddr);
}

`;
}

export function kmapFile(n: number): string {
  let out = '// SPDX-License-Identifier: GPL-2.0\n#include <linux/highmem.h>\n\n';
  for (let i = 0; i < n; i++) out += kmapFunction(i);
  return out + 'MODULE_LICENSE("GPL");\n';
}

/** A diff adding `files` new files (one by default) of about `bytes` bytes of kmap functions in all. */
export function bigDiff(bytes: number, files = 1): string {
  let out = '';
  for (let f = 0; f < files; f++) {
    const name = files === 1 ? 'drivers/big/big.c' : `drivers/big/f${f}.c`;
    const lines: string[] = [];
    let size = 0;
    for (let i = 0; size < bytes / files; i++) {
      for (const l of kmapFunction(i).split('\n').slice(0, -1)) {
        lines.push(`+${l}`);
        size += l.length + 2;
      }
    }
    out += `diff --git a/${name} b/${name}\nnew file mode 100644\nindex 0000000..1111111\n--- /dev/null\n+++ b/${name}\n@@ -0,0 +1,${lines.length} @@\n${lines.join('\n')}\n`;
  }
  return out;
}
