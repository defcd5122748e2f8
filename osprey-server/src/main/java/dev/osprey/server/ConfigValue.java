package dev.osprey.server;

/**
 * One raw configuration value and where it came from ("conf/osprey.yaml", "--server.httpPort",
 * "OSPREY_SERVER_HTTP_PORT"), so that error messages can point the user at the right place.
 */
record ConfigValue(Object value, String source) {
}
