// Barrel of this area; filled as its modules land.
export {}
