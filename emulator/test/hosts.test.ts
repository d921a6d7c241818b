import { expect } from "chai";
import { CloudTrailClient, ListTrailsCommand } from "@aws-sdk/client-cloudtrail";
import { start, type EmulatorOptions } from "cloudtrail-emulator";
import { TEST_CREDENTIALS, useEmulator } from "../../test/support/emulator";
import { rawHttp } from "../../test/support/raw";

const TARGET = "CloudTrail_20131101.";

/** Status of a raw request to `path` with this Host header (and extra header lines). */
async function statusWith(port: number, hostHeader: string, path = "/_emulator/state", extra = "") {
  return (await rawHttp(port, `GET ${path} HTTP/1.1\r\nHost: ${hostHeader}\r\n${extra}\r\n`)).status;
}

describe("emulator: Host header and admin reads, against DNS rebinding (issue 23, reproduction 8)", () => {
  const t = useEmulator();

  it("another site's name as Host: the state is not read and CreateTrail is refused (403)", async () => {
    const port = t.emulator.port;
    expect(await statusWith(port, `evil.example:${port}`)).to.equal(403);
    const body = `{"Name":"rebound","S3BucketName":"bucket"}`;
    const create = await rawHttp(
      port,
      `POST / HTTP/1.1\r\nHost: evil.example:${port}\r\nX-Amz-Target: ${TARGET}CreateTrail\r\n` +
        `Content-Type: application/x-amz-json-1.1\r\nContent-Length: ${body.length}\r\n\r\n${body}`,
    );
    expect(create.status).to.equal(403);
    expect(create.text).to.contain("AccessDeniedException").and.contain("--allowed-host");
    expect(Object.keys((await t.admin.state()).accounts)).to.deep.equal([]);
  });

  it("localhost, its subdomains and the loopback addresses, with or without a port, are answered", async () => {
    const port = t.emulator.port;
    for (const host of [
      `localhost:${port}`,
      "localhost",
      "app.localhost",
      "127.0.0.1",
      "127.1.2.3:80",
      "[::1]",
    ])
      expect(await statusWith(port, host, "/_emulator/health"), host).to.equal(200);
    for (const host of ["localhost.evil.example", "127.0.0.1.nip.io", "10.0.0.1", "[fe80::1]"])
      expect(await statusWith(port, host, "/_emulator/health"), host).to.equal(403);
  });

  it("the AWS SDK's requests (Host 127.0.0.1:PORT and localhost:PORT) are answered", async () => {
    for (const endpoint of [t.emulator.url, `http://localhost:${t.emulator.port}`]) {
      const ct = new CloudTrailClient({ endpoint, region: "us-east-1", credentials: TEST_CREDENTIALS });
      expect((await ct.send(new ListTrailsCommand({}))).$metadata.httpStatusCode).to.equal(200);
    }
  });

  it("admin reads from another site's page are refused as writes are: by Origin, or by Sec-Fetch-Site", async () => {
    const port = t.emulator.port;
    expect(
      await statusWith(port, `127.0.0.1:${port}`, "/_emulator/state", "Origin: https://evil.example\r\n"),
    ).to.equal(403);
    expect(
      await statusWith(port, `127.0.0.1:${port}`, "/_emulator/log", "Sec-Fetch-Site: cross-site\r\n"),
    ).to.equal(403);
    expect(
      await statusWith(port, `127.0.0.1:${port}`, "/_emulator/state", `Origin: http://127.0.0.1:${port}\r\n`),
    ).to.equal(200);
  });

  async function withOptions(options: EmulatorOptions, fn: (port: number) => Promise<void>): Promise<void> {
    const emulator = await start({ rateScale: 0, ...options });
    try {
      await fn(emulator.port);
    } finally {
      await emulator.stop();
    }
  }

  it("names given with allowedHosts (--allowed-host) are answered: a container's name, a domain's subdomains", async () => {
    await withOptions({ allowedHosts: ["ct_emulator", ".dev.example"] }, async (port) => {
      for (const host of ["ct_emulator:4566", "CT_EMULATOR", "dev.example", "api.dev.example:443"])
        expect(await statusWith(port, host, "/_emulator/health"), host).to.equal(200);
      expect(await statusWith(port, "evil.example", "/_emulator/health")).to.equal(403);
    });
  });

  it("bound to 0.0.0.0, any address of the machine is answered, but a name still is not", async () => {
    await withOptions({ host: "0.0.0.0", adminToken: "sesame" }, async (port) => {
      expect(
        await statusWith(port, "192.168.1.20:4566", "/_emulator/health", "Authorization: Bearer sesame\r\n"),
      ).to.equal(200);
      expect(
        await statusWith(port, "evil.example", "/_emulator/health", "Authorization: Bearer sesame\r\n"),
      ).to.equal(403);
    });
  });
});
