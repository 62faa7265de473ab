// Environment reviewers are numeric user ids in the API; config names people by login.
// One `github_user` data source per login resolves the id at plan time.
import { Token } from "cdktf";
import { DataGithubUser } from "@cdktf/provider-github/lib/data-github-user";
import { Construct } from "constructs";

export class ReviewerDirectory extends Construct {
  private readonly users = new Map<string, DataGithubUser>();

  /** The numeric GitHub user id of `login`, as a Terraform number token. */
  idOf(login: string): number {
    let user = this.users.get(login);
    if (user === undefined) {
      user = new DataGithubUser(this, login, { username: login });
      this.users.set(login, user);
    }
    // github_user's id is the numeric user id as a string.
    return Token.asNumber(user.id);
  }
}
