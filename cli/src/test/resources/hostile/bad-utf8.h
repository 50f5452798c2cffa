struct a {
	int xÿ;
};
