// One sticky comment per PR: find our previous comment by its hidden marker and edit it,
// or create it the first time. The GitHub API sits behind CommentStore so tests use a fake.
export interface IssueComment {
  id: number;
  body: string;
  /** "Bot" for github-actions[bot]; we never take over a human's comment that quotes the marker. */
  authorType: string;
  /** "github-actions[bot]" for the workflows' own comments (the reviewed-plan record trusts only those). */
  authorLogin?: string;
}

export interface CommentStore {
  listComments(issueNumber: number): Promise<IssueComment[]>;
  createComment(issueNumber: number, body: string): Promise<number>;
  updateComment(commentId: number, body: string): Promise<void>;
}

export type UpsertOutcome = { action: "created" | "updated" | "unchanged"; commentId: number };

export async function upsertComment(
  store: CommentStore,
  issueNumber: number,
  body: string,
  marker: string,
): Promise<UpsertOutcome> {
  if (!body.trimStart().startsWith(marker)) throw new Error(`comment body must start with the marker ${marker}`);
  const comments = await store.listComments(issueNumber);
  const previous = comments.find(
    (comment) => comment.authorType === "Bot" && comment.body.trimStart().startsWith(marker),
  );
  if (previous === undefined) return { action: "created", commentId: await store.createComment(issueNumber, body) };
  if (previous.body === body) return { action: "unchanged", commentId: previous.id };
  await store.updateComment(previous.id, body);
  return { action: "updated", commentId: previous.id };
}
