// Preloaded into a server under test (node --expose-gc --require): asked over the IPC channel, it collects
// garbage and answers the live heap, which a leak grows and mere heap reservation does not.
process.on("message", (message) => {
  if (message !== "heap-used-after-gc") return;
  global.gc();
  global.gc();
  process.send({ heapUsedAfterGc: process.memoryUsage().heapUsed });
});
process.channel?.unref();
