/**
 * Bitstream and container pieces that both sides of the media core use, the ingest that reads
 * containers and the outputs that write them (e.g. the CRC of MPEG-TS sections). Stateless; any thread.
 */
package dev.osprey.media.format;
