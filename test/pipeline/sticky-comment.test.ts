import { describe, expect, it } from "vitest";
import { PLAN_MARKER } from "../../pipeline/comment/render";
import { upsertComment, type CommentStore, type IssueComment } from "../../pipeline/github/sticky-comment";

class FakeComments implements CommentStore {
  comments = new Map<number, IssueComment[]>();
  calls: string[] = [];
  private nextId = 100;

  seed(issue: number, ...comments: IssueComment[]): void {
    this.comments.set(issue, comments);
  }

  async listComments(issue: number): Promise<IssueComment[]> {
    this.calls.push(`list ${issue}`);
    return [...(this.comments.get(issue) ?? [])];
  }

  async createComment(issue: number, body: string): Promise<number> {
    const id = this.nextId++;
    this.calls.push(`create ${issue}`);
    this.comments.set(issue, [...(this.comments.get(issue) ?? []), { id, body, authorType: "Bot" }]);
    return id;
  }

  async updateComment(id: number, body: string): Promise<void> {
    this.calls.push(`update ${id}`);
    for (const list of this.comments.values()) {
      const comment = list.find((c) => c.id === id);
      if (comment) comment.body = body;
    }
  }
}

const body = (text: string): string => `${PLAN_MARKER}\n## Terraform plan\n${text}`;

describe("upsertComment", () => {
  it("creates the comment on the first push and edits the same one on later pushes", async () => {
    const store = new FakeComments();
    const first = await upsertComment(store, 7, body("one"), PLAN_MARKER);
    const second = await upsertComment(store, 7, body("two"), PLAN_MARKER);
    const third = await upsertComment(store, 7, body("three"), PLAN_MARKER);
    expect(first.action).toBe("created");
    expect(second).toEqual({ action: "updated", commentId: first.commentId });
    expect(third).toEqual({ action: "updated", commentId: first.commentId });
    expect(store.comments.get(7)).toEqual([{ id: first.commentId, body: body("three"), authorType: "Bot" }]);
  });

  it("leaves an identical comment alone", async () => {
    const store = new FakeComments();
    store.seed(3, { id: 1, body: body("same"), authorType: "Bot" });
    expect(await upsertComment(store, 3, body("same"), PLAN_MARKER)).toEqual({ action: "unchanged", commentId: 1 });
    expect(store.calls).toEqual(["list 3"]);
  });

  it("ignores humans quoting the marker and other bots' comments", async () => {
    const store = new FakeComments();
    store.seed(
      5,
      { id: 1, body: `${PLAN_MARKER} quoted by a person`, authorType: "User" },
      { id: 2, body: "<!-- other-tool -->\nhello", authorType: "Bot" },
      { id: 3, body: body("old plan"), authorType: "Bot" },
    );
    expect(await upsertComment(store, 5, body("new plan"), PLAN_MARKER)).toEqual({ action: "updated", commentId: 3 });
    expect(store.comments.get(5)?.[0].body).toBe(`${PLAN_MARKER} quoted by a person`);
  });

  it("refuses a body without the marker (it could never be found again)", async () => {
    await expect(upsertComment(new FakeComments(), 1, "no marker", PLAN_MARKER)).rejects.toThrow(
      /must start with the marker/,
    );
  });
});
