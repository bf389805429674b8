package demo

// LoadOn is Load on a given day, for tests.
var LoadOn = load
