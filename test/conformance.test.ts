import { expect } from "chai";
import { cloudTrailModel, conformanceProblems } from "./support/conformance";

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

  it("takes a float where only the SDK's schema knows the member (one numeric type), not where the model says integer", () => {
    const model = cloudTrailModel()!;
    const result = (Relevance: unknown) => ({ SearchResults: [{ Name: "n", Relevance }] });
    expect(conformanceProblems(model, "SearchSampleQueries", 200, result(0.42))).to.deep.equal([]);
    expect(conformanceProblems(model, "SearchSampleQueries", 200, result("0.42"))).to.have.length(1);
    expect(conformanceProblems(model, "GetEventDataStore", 200, { RetentionPeriod: 7.5 })).to.have.length(1);
  });
});
