// SPDX-License-Identifier: GPL-2.0
/* synthetic: PID 1 of the dma-migrate boot test (i386, no libc): load /test.ko, print the result, restart (QEMU -no-reboot exits). */
#define SYS_write 4
#define SYS_open 5
#define SYS_reboot 88
#define SYS_finit_module 350
static long sys3(long n, long a, long b, long c)
{
	long r;
	__asm__ volatile("int $0x80" : "=a"(r) : "a"(n), "b"(a), "c"(b), "d"(c) : "memory");
	return r;
}
static long sys4(long n, long a, long b, long c, long d)
{
	long r;
	__asm__ volatile("int $0x80" : "=a"(r) : "a"(n), "b"(a), "c"(b), "d"(c), "S"(d) : "memory");
	return r;
}
static unsigned long len(const char *s) { unsigned long n = 0; while (s[n]) n++; return n; }
static void say(const char *s) { sys3(SYS_write, 1, (long)s, (long)len(s)); }
void _start(void)
{
	char num[16];
	long fd, r;
	int i = 15;
	fd = sys3(SYS_open, (long)"/test.ko", 0, 0);
	r = fd < 0 ? fd : sys3(SYS_finit_module, fd, (long)"", 0);
	num[i] = 0;
	if (r < 0) { long v = -r; do { num[--i] = '0' + v % 10; v /= 10; } while (v); num[--i] = '-'; }
	else num[--i] = '0';
	say("DMV-INIT: finit_module returned ");
	say(num + i);
	say("\n");
	sys4(SYS_reboot, 0xfee1dead, 672274793, 0x01234567, 0);
	for (;;) ;
}
