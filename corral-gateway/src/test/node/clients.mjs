// The official Ollama and OpenAI JavaScript clients, used the way their users use them, against
// a base URL (corral's gateway in the tests). Prints one JSON object per check on stdout; the Java
// test judges them. Usage: node clients.mjs BASE_URL API_KEY MODEL
import { Ollama } from "ollama";
import OpenAI from "openai";

const [base, key, model] = process.argv.slice(2);
const report = (check, fields) => console.log(JSON.stringify({ check, ...fields }));

async function attempt(check, run) {
  const started = Date.now();
  try {
    report(check, { ok: true, ...(await run()), ms: Date.now() - started });
  } catch (e) {
    report(check, { ok: false, status: e.status_code ?? e.status ?? null, error: String(e.message ?? e) });
  }
}

const ollama = new Ollama({ host: base, headers: { Authorization: `Bearer ${key}` } });
const openai = new OpenAI({ baseURL: `${base}/v1`, apiKey: key, maxRetries: 0 });

await attempt("ollama.list", async () => {
  const list = await ollama.list();
  return { models: list.models.map((m) => m.name) };
});

await attempt("ollama.chat.stream", async () => {
  const parts = [];
  let final = null;
  for await (const part of await ollama.chat({
    model,
    messages: [{ role: "user", content: "What is 2+2?" }],
    stream: true,
  })) {
    parts.push(part.message.content);
    if (part.done) final = part;
  }
  return { chunks: parts.length, text: parts.join(""), eval_count: final?.eval_count ?? null };
});

await attempt("ollama.generate.stream", async () => {
  let chunks = 0;
  let final = null;
  for await (const part of await ollama.generate({ model, prompt: "Say hi", stream: true })) {
    chunks++;
    if (part.done) final = part;
  }
  return { chunks, eval_count: final?.eval_count ?? null };
});

await attempt("ollama.pull", async () => {
  const answer = await ollama.pull({ model, stream: false });
  return { status: answer.status };
});

await attempt("openai.chat.stream", async () => {
  const stream = await openai.chat.completions.create({
    model,
    messages: [{ role: "user", content: "What is 2+2?" }],
    stream: true,
  });
  const parts = [];
  for await (const chunk of stream) parts.push(chunk.choices[0]?.delta?.content ?? "");
  return { chunks: parts.length, text: parts.join("") };
});

await attempt("openai.models", async () => {
  const page = await openai.models.list();
  return { models: page.data.map((m) => m.id) };
});

const anonymous = new Ollama({ host: base });
await attempt("ollama.anonymous.list", async () => ({ models: (await anonymous.list()).models.length }));
