import { expect } from "chai";
import { cloudTrailModel, conformanceProblems } from "./support/conformance";
import { conformance } from "./support/emulator";

// Every emulator suite checks each response against the service model after each test (see
// useEmulator). This root hook reports how many were checked, or that the check was skipped.
after(function () {
  if (!cloudTrailModel()) {
    console.log("  conformance: skipped, ../shared/reference/aws-models is absent");
    return;
  }
  console.log(
    `  conformance: ${conformance.checked} emulator responses checked against the CloudTrail service model`,
  );
  expect(conformance.checked).to.be.greaterThan(0);
});

describe("conformance checker", () => {
  before(function () {
    if (!cloudTrailModel()) this.skip();
  });
  it("flags a wrong type, a bad enum, a bad timestamp and an unlisted error", () => {
    const model = cloudTrailModel()!;
    expect(conformanceProblems(model, "ListTrails", 200, { Trails: [{ Name: 5 }] })).to.have.length(1);
    expect(
      conformanceProblems(model, "GetEventSelectors", 200, {
        EventSelectors: [{ ReadWriteType: "Sometimes" }],
      }),
    ).to.have.length(1);
    expect(
      conformanceProblems(model, "LookupEvents", 200, { Events: [{ EventTime: "yesterday" }] }),
    ).to.have.length(1);
    expect(
      conformanceProblems(model, "GetTrail", 400, { __type: "EventDataStoreNotFoundException" }),
    ).to.have.length(1);
    expect(conformanceProblems(model, "GetTrail", 400, { __type: "TrailNotFoundException" })).to.deep.equal(
      [],
    );
  });
});
