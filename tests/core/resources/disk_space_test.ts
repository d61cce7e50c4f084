/**
 * The disk guard: df output is parsed (spaces in mount points, wrapped
 * file-system names), garbage is a clear error, the real df answers, and
 * the guard refuses a write that would leave too little space.
 */
import assert from "node:assert/strict";
import {
  diskUsage,
  ensureDiskSpace,
  formatBytes,
  parseDfOutput,
} from "../../../core/resources/disk_space.ts";
import { SuperAgentsError } from "../../../core/errors.ts";

const HEADER = "Filesystem     1024-blocks     Used Available Capacity Mounted on\n";

Deno.test("parseDfOutput: POSIX df -Pk output", () => {
  const usage = parseDfOutput(
    HEADER + "/dev/vda         264212084 23968776  82422136      23% /\n",
  );
  assert.deepEqual(usage, {
    filesystem: "/dev/vda",
    totalBytes: 264212084 * 1024,
    usedBytes: 23968776 * 1024,
    availableBytes: 82422136 * 1024,
    capacityPercent: 23,
    mountedOn: "/",
  });
});

Deno.test("parseDfOutput: mount points with spaces and wrapped file-system names", () => {
  const spaced = parseDfOutput(HEADER + "//nas/share 1000 600 400 60% /Volumes/My Share\n");
  assert.equal(spaced.filesystem, "//nas/share");
  assert.equal(spaced.mountedOn, "/Volumes/My Share");
  assert.equal(spaced.availableBytes, 400 * 1024);
  const wrapped = parseDfOutput(
    HEADER + "/dev/mapper/very-long-volume-group-name-root\n   5000 1000 4000 20% /home\n",
  );
  assert.equal(wrapped.filesystem, "/dev/mapper/very-long-volume-group-name-root");
  assert.equal(wrapped.mountedOn, "/home");
});

Deno.test("parseDfOutput: garbage is a clear error", () => {
  for (const text of ["", "df: /nope: No such file or directory\n", HEADER + "x y z\n"]) {
    assert.throws(() => parseDfOutput(text), (error: unknown) => {
      assert.ok(error instanceof SuperAgentsError);
      assert.equal(error.code, "DF_UNPARSABLE");
      return true;
    });
  }
});

Deno.test("diskUsage and ensureDiskSpace against the real df", async () => {
  const dir = await Deno.makeTempDir({ prefix: "sa-disk-" });
  try {
    const usage = await diskUsage(`${dir}/not/yet/created`);
    assert.ok(usage.totalBytes > 0 && usage.availableBytes >= 0);
    await ensureDiskSpace(dir, { minFreeBytes: 0 });
    await assert.rejects(
      ensureDiskSpace(dir, { needBytes: usage.totalBytes * 2, what: "a huge archive" }),
      (error: unknown) => {
        assert.ok(error instanceof SuperAgentsError);
        assert.equal(error.code, "DISK_SPACE_LOW");
        assert.match(error.message, /a huge archive/);
        assert.match(error.hint!, /super-agents clean/);
        return true;
      },
    );
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("formatBytes: binary units", () => {
  assert.equal(formatBytes(512), "512 B");
  assert.equal(formatBytes(1536), "1.5 KiB");
  assert.equal(formatBytes(3 * 1024 ** 3), "3.0 GiB");
});
