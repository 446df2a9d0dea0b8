#!/usr/bin/env node
// projen's nextVersionCommand: the first release is 0.1.0 (the repository's history predates
// conventional commits, so a bump from 0.0.0 would otherwise pick 0.0.1); after that, nothing is
// printed and the version follows the conventional commits since the last tag.
if (!process.env.LATEST_TAG) {
  console.log('0.1.0');
}
