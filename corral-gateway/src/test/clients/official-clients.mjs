// Drives a running gateway with the official JavaScript clients of Ollama (ollama) and OpenAI
// (openai), as users would: listings, streamed chat on both APIs with token counts, and the error
// types the clients raise for a wrong or missing key. Not part of the Maven build (it needs the
// npm packages); see docs/gateway.md, "Testing it".
//
//   npm install --no-save ollama openai
//   GATEWAY=http://127.0.0.1:8080 KEY=corral_... MODEL=llama3.2 node official-clients.mjs
import { Ollama } from 'ollama';
import OpenAI from 'openai';

const gateway = process.env.GATEWAY ?? 'http://127.0.0.1:8080';
const key = process.env.KEY;
const model = process.env.MODEL ?? 'llama3.2';
if (!key) {
  console.error('set KEY to an API key made with corral keys create');
  process.exit(2);
}
let failures = 0;
const check = (ok, what) => {
  console.log(`${ok ? 'ok  ' : 'FAIL'} ${what}`);
  if (!ok) failures++;
};

const ollama = new Ollama({ host: gateway, headers: { Authorization: `Bearer ${key}` } });
const list = await ollama.list();
check(list.models.length > 0, `ollama list: ${list.models.map((m) => m.name).join(', ')}`);

const start = Date.now();
const arrivals = [];
let last = null;
for await (const part of await ollama.chat({
  model,
  messages: [{ role: 'user', content: 'Why is the sky blue?' }],
  stream: true,
})) {
  arrivals.push(Date.now() - start);
  last = part;
}
check(last?.done === true && last.eval_count > 0, `ollama chat: ${arrivals.length} parts, eval_count ${last?.eval_count}`);
check(arrivals.length > 2 && arrivals.at(-1) > arrivals[0], `ollama chat parts arrived over ${arrivals.at(-1) - arrivals[0]} ms`);

const openai = new OpenAI({ baseURL: `${gateway}/v1`, apiKey: key });
const stream = await openai.chat.completions.create({
  model,
  messages: [{ role: 'user', content: 'hi' }],
  stream: true,
  stream_options: { include_usage: true },
});
let chunks = 0;
let usage = null;
for await (const chunk of stream) {
  chunks++;
  usage = chunk.usage ?? usage;
}
check(chunks > 2 && usage?.completion_tokens > 0, `openai stream: ${chunks} chunks, usage ${JSON.stringify(usage)}`);
const models = await openai.models.list();
check(models.data.length > 0, `openai models: ${models.data.map((m) => m.id).join(', ')}`);

try {
  await new OpenAI({ baseURL: `${gateway}/v1`, apiKey: 'corral_not_a_key' }).models.list();
  check(false, 'openai with a wrong key was refused');
} catch (e) {
  check(e instanceof OpenAI.AuthenticationError, `openai with a wrong key: ${e.constructor.name} ${e.status}`);
}
try {
  await new Ollama({ host: gateway }).list();
  check(false, 'ollama without a key was refused');
} catch (e) {
  check(e.status_code === 401, `ollama without a key: ${e.status_code} ${e.message}`);
}
process.exit(failures === 0 ? 0 : 1);
