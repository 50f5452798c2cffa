/* Constant expressions where the engine once refused what gcc accepts, or computed another value. */
struct a1 { int x __attribute__((aligned(0))); char c; };
struct a2 { char x[sizeof("abcd")]; char y[sizeof("a" "bc")]; int w[sizeof(L"ab")]; short v[sizeof(u"ab")]; };
struct a3 { char x[L'a' - 96]; char y[u'b' - 97]; char z['\101' - 64]; char q[('ab' >> 8) - 96]; };
struct a4 { int x[(int)2.7]; int y[__builtin_constant_p(1) ? 1 : 2]; int z[__builtin_constant_p(sizeof(int))]; };
struct a5 { int x[10u - 11u > 0 ? 1 : 2]; int y[-1 < 0u ? 1 : 2]; int z[(unsigned char)257]; int w[(short)65537]; };
struct a6 { int x[sizeof(0x100000000)]; int y[sizeof(1.0)]; int z[sizeof(1.0L)]; int w[sizeof 'a']; };
struct a7 { char x['\377' < 0 ? 1 : 2]; char y[(-1ull >> 63)]; char z[(0xffffffff + 1 == 0) + 1]; char w[(4294967295 + 1 == 0) + 1]; };
struct a8 { char x[sizeof(int) - 5 > 0 ? 1 : 2]; char y[(2147483647u + 1) >> 31]; char z[1 << 3]; };
