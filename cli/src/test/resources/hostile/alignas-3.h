struct a { _Alignas(3) int x; };
