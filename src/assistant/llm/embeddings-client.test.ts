import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hashedBagOfWords, startFakeOpenRouter, type FakeOpenRouter } from '../../../test/fakes/fake-openrouter';
import { cosine, createEmbeddingsClient } from './embeddings-client';

describe('embeddings client against the OpenAI-compatible fake', () => {
  let fake: FakeOpenRouter;
  beforeAll(async () => {
    fake = await startFakeOpenRouter();
  });
  afterAll(async () => fake.close());

  it('gets one vector per text, in order, decoded from the base64 the SDK asks for', async () => {
    const client = createEmbeddingsClient({ baseUrl: fake.baseUrl, apiKey: 'k', model: 'nomic-embed-text' });
    const texts = ['la impresora no imprime', 'olvidé mi contraseña del correo'];
    const vectors = await client.embed(texts, 2000);
    expect(vectors).toHaveLength(2);
    const body = fake.requests.at(-1)!.body;
    expect(body).toMatchObject({ model: 'nomic-embed-text', input: texts, encoding_format: 'base64' });
    for (const [i, v] of vectors!.entries()) {
      hashedBagOfWords(texts[i]!).forEach((x, j) => expect(v[j]).toBeCloseTo(x, 5));
    }
    expect(cosine(vectors![0]!, hashedBagOfWords('impresora no imprime'))).toBeGreaterThan(cosine(vectors![1]!, hashedBagOfWords('impresora no imprime')));
  });

  it('answers null (lexical order kept) when the service refuses', async () => {
    const client = createEmbeddingsClient({ baseUrl: fake.baseUrl.replace('/api/v1', '/nope'), apiKey: 'k', model: '' });
    expect(await client.embed(['x'], 2000)).toBeNull();
  });
});
