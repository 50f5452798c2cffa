struct s { int a; };
struct t { struct s *p; int b[sizeof(((struct s *)0)-\
>a)]; int c[1 <\
< 3]; int d[2 !\
= 1]; int e[(3 >\
>\
 1) ? 5 : 1]; };
/\
* a comment *\
/ struct u { int x; /\
/ comment
int y; char z[sizeof('\\
101') + sizeof("b\
c") - 3]; };
