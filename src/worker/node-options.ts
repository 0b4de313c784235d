/**
 * The Node options a worker process runs with: the Dockerfile sets them as NODE_OPTIONS, and the
 * pipeline bench starts its workers with them.
 *
 * A worker has several documents in flight (its ingest concurrency), each holding its raw bytes,
 * their decoded text, the parse and ten or so articles while the store and the queues answer. With
 * X
 * scavenge copies that whole working set; 64 MB semi-spaces scavenge a quarter as often. In the
 * pipeline bench this took a worker's GC from about 2.4 s to about 1.7 s per 12,500 stories.
 */
export const WORKER_NODE_OPTIONS = '--max-semi-space-size=64';
