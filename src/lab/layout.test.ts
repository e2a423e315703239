import { PNG } from "pngjs";
import { describe, expect, it } from "vitest";
import { inputLayout } from "./layout.js";
import { differenceToPngDataUrl, imageToPngDataUrl } from "./png.js";

describe("input layout", () => {
  it("reads HWC, CHW, 2-D and batch-prefixed shapes as images and the rest as vectors", () => {
    const hwc = inputLayout({ inputShape: [28, 28, 1] });
    expect(hwc).toMatchObject({ kind: "image", height: 28, width: 28, channels: 1 });
    expect(inputLayout({ inputShape: [32, 32, 3] }).index(2, 1, 1)).toBe((32 + 1) * 3 + 2);
    const chw = inputLayout({ inputShape: [3, 32, 32] });
    expect(chw).toMatchObject({ kind: "image", channels: 3 });
    expect(chw.index(2, 1, 1)).toBe(2 * 32 * 32 + 32 + 1);
    expect(inputLayout({ inputShape: [1, 28, 28, 1] }).kind).toBe("image");
    expect(inputLayout({ inputShape: [28, 28] }).kind).toBe("image");
    expect(inputLayout({ inputShape: [4] })).toMatchObject({ kind: "vector", height: 1, width: 4 });
    expect(inputLayout({ inputShape: [784] }).kind).toBe("vector");
  });

  it("encodes evidence images as PNG data URLs of the right size and grey levels", () => {
    const layout = inputLayout({ inputShape: [2, 3] });
    const x = Float32Array.of(0, 0.5, 1, 1, 0.5, 0);
    const url = imageToPngDataUrl(x, layout, { min: 0, max: 1 });
    const png = PNG.sync.read(Buffer.from(url.replace(/^data:image\/png;base64,/, ""), "base64"));
    expect([png.width, png.height]).toEqual([3, 2]);
    expect([png.data[0], png.data[4], png.data[8]]).toEqual([0, 128, 255]);
    const diff = differenceToPngDataUrl(
      Float32Array.of(0, 0.5, 1, 1, 0.5, 0),
      Float32Array.of(0, 0.5, 0.5, 1, 0.5, 0),
      layout,
    );
    const d = PNG.sync.read(Buffer.from(diff.split(",")[1]!, "base64"));
    expect([d.data[0], d.data[8]]).toEqual([128, 255]);
  });
});
