// New or changed extracts always show up: the pipeline's cache key covers every input file's bytes.

import { describe, expect, it } from "vitest";
import { appendFileSync, mkdtempSync, readdirSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { writeSmallArea } from "../fixtures/small-area.js";
import { cachedPipeline, pipelineFingerprint } from "../../loaders/node/pipeline.js";

describe("pipeline cache", () => {
  it("changes its fingerprint when an extract changes, is added, or the demo marker appears", () => {
    const dir = mkdtempSync(join(tmpdir(), "cache-"));
    writeSmallArea(dir);
    const first = pipelineFingerprint(dir);
    expect(pipelineFingerprint(dir)).toBe(first);
    const requests = join(dir, "sen2", readdirSync(join(dir, "sen2")).find((name) => name.endsWith("_requests.csv"))!);
    appendFileSync(requests, "");
    expect(pipelineFingerprint(dir)).toBe(first);
    appendFileSync(requests, "\n");
    const second = pipelineFingerprint(dir);
    expect(second).not.toBe(first);
    writeFileSync(join(dir, "DEMO-DATA.md"), "demo");
    expect(pipelineFingerprint(dir)).not.toBe(second);
  });

  it("serves new numbers after an extract changes", async () => {
    const dir = mkdtempSync(join(tmpdir(), "cache-"));
    writeSmallArea(dir);
    const count = async () =>
      (await cachedPipeline(dir)).cells.find((c) => c.kpi === "ehcp.requests" && c.period === "2024" && c.age_band === "All")!.value;
    // Four requests in 2024 (see kpis-small-area.test.ts); then a fifth arrives for child 1's request list.
    expect(await count()).toBe(4);
    const requests = join(dir, "sen2", readdirSync(join(dir, "sen2")).find((name) => name.endsWith("_requests.csv"))!);
    const person = readdirSync(join(dir, "sen2")).find((name) => name.endsWith("_person.csv"))!;
    expect(person).toBeDefined();
    appendFileSync(requests, "999,252,,,,2024-Oct-01 00:00:00,,,,,,\n");
    expect(await count()).toBe(5);
  });
});

describe("reproducible output", () => {
  it("gives byte-identical published files for the same inputs", async () => {
    const { runPipeline } = await import("../../loaders/node/pipeline.js");
    const { cubeToArrow } = await import("../../loaders/publish/arrow.js");
    const dir = mkdtempSync(join(tmpdir(), "repro-"));
    writeSmallArea(dir);
    const first = await runPipeline(dir);
    const second = await runPipeline(dir);
    expect(Buffer.from(cubeToArrow(second.published)).equals(Buffer.from(cubeToArrow(first.published)))).toBe(true);
    expect(JSON.stringify(second.dataQuality)).toBe(JSON.stringify(first.dataQuality));
  });
});
