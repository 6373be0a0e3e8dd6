/**
 * TypeBox shapes that Fastify's serializer writes without validating. A TypeBox union
 * (`Type.Union([Type.Literal('low'), …])`, `Type.Union([T, Type.Null()])`) becomes `anyOf`, and
 * fast-json-stringify picks an `anyOf` branch by running Ajv on the value for every branch, date
 * formats included — for every field of every item of a list. `{ type: 'string', enum }` and
 * `nullable: true` (OpenAPI 3.0's own keyword, which Ajv also reads) serialize with a typeof check.
 * For requests they validate the same values; an unknown value fails with one `enum` error that
 * names every allowed value (see http/error-handler.ts).
 */
import { Type, type SchemaOptions, type Static, type TSchema } from '@sinclair/typebox';

/** One of `values` (a string). */
export const StringEnum = <T extends string>(values: readonly T[], options: SchemaOptions = {}) => Type.Unsafe<T>({ ...options, type: 'string', enum: [...values] });

/** `schema` or null. `schema` must have a single `type` (not a union itself). */
export const Nullable = <T extends TSchema>(schema: T, options: SchemaOptions = {}) => Type.Unsafe<Static<T> | null>({ ...schema, ...options, nullable: true });
