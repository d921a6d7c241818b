import { expect } from "chai";
import { InvalidArgumentsError, putAuditEvents, runQuery } from "../../sdk";
import { TEST_CREDENTIALS, useEmulator } from "../support/emulator";
import { eventLine, runCli } from "./cli-run";
import { channelWithStore } from "./lake-fixtures";

/** Nothing listens there: a call that went to it would fail to connect. */
const NOWHERE = "http://127.0.0.1:9";

describe("one endpoint rule for every function and CLI command (--endpoint, AWS_ENDPOINT_URL_<SERVICE>, AWS_ENDPOINT_URL, AWS)", function () {
  // Each test starts several CLI processes (about a second each alone, several on a loaded machine).
  this.timeout(120_000);
  const t = useEmulator();

  it("put-events and query both honour AWS_ENDPOINT_URL (put-events fell back to AWS's host)", async () => {
    const { channelArn, store } = await channelWithStore(t);
    const env = { AWS_ENDPOINT_URL: t.emulator.url };
    const put = await runCli(t, ["put-events", "--channel", channelArn], {
      stdin: eventLine("Login"),
      noEndpoint: true,
      env,
    });
    expect(put.code, put.stderr).to.equal(0);
    const query = await runCli(t, ["query", `SELECT eventData.eventName AS name FROM ${store}`], {
      noEndpoint: true,
      env,
    });
    expect([query.code, query.stdout]).to.deep.equal([0, "name\nLogin\n"]);
  });

  it("the service-specific variable wins over AWS_ENDPOINT_URL, for each service", async () => {
    const { channelArn, store } = await channelWithStore(t);
    const put = await runCli(t, ["put-events", "--channel", channelArn], {
      stdin: eventLine("Login"),
      noEndpoint: true,
      env: { AWS_ENDPOINT_URL: NOWHERE, AWS_ENDPOINT_URL_CLOUDTRAIL_DATA: t.emulator.url },
    });
    expect(put.code, put.stderr).to.equal(0);
    const query = await runCli(t, ["query", `SELECT count(*) AS n FROM ${store}`], {
      noEndpoint: true,
      env: { AWS_ENDPOINT_URL: NOWHERE, AWS_ENDPOINT_URL_CLOUDTRAIL: t.emulator.url },
    });
    expect([query.code, query.stdout]).to.deep.equal([0, "n\n1\n"]);
  });

  it("the functions: the endpoint option first, then the variables; a bad one is named before any call", async () => {
    const { channelArn, store } = await channelWithStore(t);
    const options = { region: "us-east-1", credentials: TEST_CREDENTIALS };
    const saved = { ...process.env };
    try {
      process.env.AWS_ENDPOINT_URL = NOWHERE;
      process.env.AWS_ENDPOINT_URL_CLOUDTRAIL_DATA = t.emulator.url;
      const sent = await putAuditEvents(channelArn, [eventLine("Login")], options);
      expect(sent.successful).to.have.length(1);
      const counted = await runQuery(`SELECT count(*) AS n FROM ${store}`, {
        ...options,
        endpoint: t.emulator.url,
      });
      expect(counted.rows).to.deep.equal([{ n: "1" }]);
      await t.admin.clearLog();
      const error = await putAuditEvents(channelArn, [eventLine("Login")], {
        ...options,
        endpoint: "127.0.0.1:4566",
      }).then(
        () => expect.fail("expected InvalidArgumentsError"),
        (e: unknown) => e,
      );
      expect(error).to.be.instanceOf(InvalidArgumentsError);
      expect((error as Error).message).to.equal(
        'putAuditEvents: endpoint: endpoint "127.0.0.1:4566" is not a URL such as http://127.0.0.1:4566',
      );
      expect(await t.admin.log()).to.deep.equal([]);
    } finally {
      process.env = saved;
    }
  });
});
