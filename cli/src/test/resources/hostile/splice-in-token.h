struct a {
	unsigned lo\
ng x;
	int y\
1;
};
