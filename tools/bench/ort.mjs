// Times a model in ONNX Runtime (CPU provider, all graph optimizations):
// median of N runs after warm-up; prints "median_ms peak_rss_kb". With
// --empty, only loads the runtime and a trivial session, for the RSS baseline.
import * as ort from "onnxruntime-node";
import { readFileSync } from "node:fs";

// Peak RSS in KiB as timing.c measures it: VmHWM, this process's own
// high-water mark (resourceUsage().maxRSS would also count the parent's
// address space at fork).
const peakRssKb = () =>
  Number(/VmHWM:\s*(\d+)/.exec(readFileSync("/proc/self/status", "utf8"))[1]);

const args = process.argv.slice(2);
const empty = args[0] === "--empty";
if (empty) args.shift();
const [model, threadsArg = "1", runsArg = "50"] = args;
const threads = Number(threadsArg), runs = Number(runsArg);
const options = {
  executionProviders: ["cpu"],
  graphOptimizationLevel: "all",
  intraOpNumThreads: threads,
  interOpNumThreads: 1,
};

if (empty) {
  await ort.InferenceSession.create(model, options);
  console.log(`0 ${peakRssKb()}`);
  process.exit(0);
}

const session = await ort.InferenceSession.create(model, options);
const name = session.inputNames[0];
const meta = session.inputMetadata?.[0];
const dims = meta?.shape ?? [1, 3, 224, 224];
const size = dims.reduce((a, b) => a * b, 1);
const data = new Float32Array(size);
for (let i = 0; i < size; ++i) data[i] = ((i * 7919) % 1000) / 1000 - 0.5;
const feeds = { [name]: new ort.Tensor("float32", data, dims) };

for (let i = 0; i < 10; ++i) await session.run(feeds);
const times = [];
for (let i = 0; i < runs; ++i) {
  const start = process.hrtime.bigint();
  await session.run(feeds);
  times.push(Number(process.hrtime.bigint() - start) / 1e6);
}
times.sort((a, b) => a - b);
console.log(`${times[Math.floor(runs / 2)].toFixed(4)} ${peakRssKb()}`);
