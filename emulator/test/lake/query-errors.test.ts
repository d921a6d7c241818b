import { StartQueryCommand } from "@aws-sdk/client-cloudtrail";
import { expect } from "chai";
import { awsError, useEmulator } from "../../../test/support/emulator";
import { createStore, storeId } from "../../../test/support/lake";

describe("emulator: Lake's errors for a wrong statement speak of the caller's statement (Q-3)", () => {
  const t = useEmulator();

  it("a syntax error, an unknown column and a cut-off statement: InvalidQueryStatementException, no DuckDB internals", async () => {
    const ct = t.client();
    const store = storeId(await createStore(ct, "errors"));
    const cases: [string, string][] = [
      [
        `SELEC eventName FROM ${store}`,
        'Query statement has a syntax error at or near "SELEC" (line 1, column 1).',
      ],
      [
        `SELECT eventName,\n  nosuch FROM ${store}`,
        'Query statement is invalid: column "nosuch" is not a column of the tables in FROM (line 2, column 3).',
      ],
      [
        `SELECT eventName FROM ${store} WHERE`,
        `Query statement has a syntax error: it ends too early (line 1, column ${`SELECT eventName FROM ${store} WHERE`.length + 1}).`,
      ],
      [`SELECT FROM ${store}`, "Query statement is invalid: SELECT clause without selection list."],
    ];
    for (const [statement, message] of cases) {
      const e = await awsError(() => ct.send(new StartQueryCommand({ QueryStatement: statement })));
      expect([e.name, e.message], statement).to.deep.equal(["InvalidQueryStatementException", message]);
    }
  });
});
