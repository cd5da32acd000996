import { describe, expect, it } from 'vitest';
import { addedLines, parseDiff, unquotePath } from '../../src/deliver/git/parse-diff.js';

describe('parseDiff', () => {
  it('reads modified, added and deleted files with their added lines', () => {
    const files = parseDiff(`diff --git a/x.c b/x.c
index 1111111..2222222 100644
--- a/x.c
+++ b/x.c
@@ -1,3 +1,4 @@ int f(void)
 a
-b
+B
+C
 d
diff --git a/new.c b/new.c
new file mode 100644
index 0000000..3333333
--- /dev/null
+++ b/new.c
@@ -0,0 +1,2 @@
+one
+two
diff --git a/old.c b/old.c
deleted file mode 100644
index 4444444..0000000
--- a/old.c
+++ /dev/null
@@ -1 +0,0 @@
-gone
`);
    expect(files.map((f) => [f.kind, f.oldPath, f.newPath, [...addedLines(f)]])).toEqual([
      ['modified', 'x.c', 'x.c', [2, 3]],
      ['added', undefined, 'new.c', [1, 2]],
      ['deleted', 'old.c', undefined, []],
    ]);
    expect(files[0]!.newBlob).toBe('2222222');
  });

  it('reads renames with and without changes, and copies', () => {
    const files = parseDiff(`diff --git a/a.c b/b.c
similarity index 100%
rename from a.c
rename to b.c
diff --git a/dir/c.c b/dir/d.c
similarity index 90%
rename from dir/c.c
rename to dir/d.c
index 5555555..6666666 100644
--- a/dir/c.c
+++ b/dir/d.c
@@ -10,0 +11 @@ x
+added
diff --git a/e.c b/f.c
similarity index 80%
copy from e.c
copy to f.c
`);
    expect(files.map((f) => [f.kind, f.oldPath, f.newPath, f.similarity, [...addedLines(f)]])).toEqual([
      ['renamed', 'a.c', 'b.c', 100, []],
      ['renamed', 'dir/c.c', 'dir/d.c', 90, [11]],
      ['copied', 'e.c', 'f.c', 80, []],
    ]);
  });

  it('marks binary files (both forms) and keeps reading after a GIT binary patch', () => {
    const files = parseDiff(`diff --git a/blob.c b/blob.c
index 7777777..8888888 100644
Binary files a/blob.c and b/blob.c differ
diff --git a/img.bin b/img.bin
new file mode 100644
index 0000000..9999999
GIT binary patch
literal 12
TcmZ?wbhEHbRA6LaW@Z2Y2x0+W

literal 0
HcmV?d00001

diff --git a/z.c b/z.c
index aaaaaaa..bbbbbbb 100644
--- a/z.c
+++ b/z.c
@@ -1 +1 @@
-x
+y
`);
    expect(files.map((f) => [f.newPath, f.binary, [...addedLines(f)]])).toEqual([
      ['blob.c', true, []],
      ['img.bin', true, []],
      ['z.c', false, [1]],
    ]);
  });

  it('unquotes C-style paths, including octal UTF-8 bytes and spaces', () => {
    expect(unquotePath('"caf\\303\\251 \\"x\\".c"')).toBe('café "x".c');
    const files = parseDiff(`diff --git "a/sp ace/caf\\303\\251.c" "b/sp ace/caf\\303\\251.c"
index 1..2 100644
--- "a/sp ace/caf\\303\\251.c"
+++ "b/sp ace/caf\\303\\251.c"
@@ -1 +1,2 @@
 a
+b
diff --git a/with space.c b/with space.c
old mode 100644
new mode 100755
`);
    expect(files.map((f) => f.newPath)).toEqual(['sp ace/café.c', 'with space.c']);
    expect(files[1]!.newMode).toBe('100755');
  });

  it('counts hunk lines, so a mail signature or a removed "-- " line is not misread', () => {
    const mail = `From 1 Mon Sep 17 00:00:00 2001
Subject: [PATCH] x

---
 x.c | 2 +-

diff --git a/x.c b/x.c
index 1..2 100644
--- a/x.c
+++ b/x.c
@@ -1,2 +1,2 @@
--- a comment line starting with dashes
+new
 keep
\\ No newline at end of file
-- 
2.39.5
`;
    const [f] = parseDiff(mail);
    expect(f!.hunks[0]!.lines.map((l) => l.kind + l.text)).toEqual(['--- a comment line starting with dashes', '+new', ' keep']);
    expect(parseDiff(mail)).toHaveLength(1);
  });

  it('reads a plain diff -u (paths stripped by one component, as -p1)', () => {
    const [f] = parseDiff(`--- linux.orig/drivers/x.c\t2024-01-01 00:00:00
+++ linux/drivers/x.c\t2024-01-02 00:00:00
@@ -1 +1,2 @@
 a
+b
`);
    expect([f!.newPath, [...addedLines(f!)]]).toEqual(['drivers/x.c', [2]]);
  });

  it('rejects a hunk that does not fit its header', () => {
    expect(() => parseDiff('--- a/x\n+++ b/x\n@@ -1,2 +1,2 @@\n a\n')).toThrow(/truncated hunk/);
  });
});
