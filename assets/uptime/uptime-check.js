'use strict';
/*
 * cdk-shop's uptime canary: a plain HTTP(S) GET of each URL in UPTIME_CHECKS, no browser.
 *
 * UPTIME_CHECKS is a JSON array of { "name", "url", "expectedText"? }; UPTIME_TIMEOUT_MS the time
 * each request may take (headers and body). A check passes on a 2xx or 3xx answer (a redirect is
 * not followed: the shop answered) whose body contains `expectedText` when one is given. Every
 * check runs as its own Synthetics step (its own SuccessPercent by StepName); the run fails
 * (SuccessPercent 0 for the canary) when any check fails.
 * Library: https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/Library_function_Nodejs.html
 */
const http = require('http');
const https = require('https');

/** Bytes of a body read when looking for the expected text. */
const MAX_BODY_BYTES = 1024 * 1024;

/** The Synthetics library of syn-nodejs-3.1 (`@aws/synthetics-core`), or none outside a canary. */
function loadSynthetics() {
  try {
    const library = require('@aws/synthetics-core');
    return library.synthetics || library;
  } catch (e) {
    return undefined;
  }
}

/** Resolves with { status } when the answer passes; rejects with the reason otherwise. */
function check(target, timeoutMs) {
  return new Promise((resolve, reject) => {
    const url = new URL(target.url);
    const client = url.protocol === 'https:' ? https : http;
    const request = client.get(url, { headers: { 'user-agent': 'cdk-shop-uptime' } }, (response) => {
      const status = response.statusCode || 0;
      const chunks = [];
      let bytes = 0;
      response.on('data', (chunk) => {
        if (bytes < MAX_BODY_BYTES) chunks.push(chunk);
        bytes += chunk.length;
      });
      response.on('end', () => {
        clearTimeout(timer);
        if (status < 200 || status >= 400) {
          reject(new Error(`${target.name}: ${target.url} answered ${status}`));
          return;
        }
        const body = Buffer.concat(chunks).toString('utf8');
        if (target.expectedText && !body.includes(target.expectedText)) {
          reject(new Error(`${target.name}: ${target.url} answered ${status} without '${target.expectedText}'`));
          return;
        }
        resolve({ status });
      });
      response.on('error', (e) => {
        clearTimeout(timer);
        reject(e);
      });
    });
    const timer = setTimeout(() => {
      request.destroy(new Error(`${target.name}: ${target.url} did not answer within ${timeoutMs} ms`));
    }, timeoutMs);
    request.on('error', (e) => {
      clearTimeout(timer);
      reject(e);
    });
  });
}

/** The canary's entry point. */
async function handler() {
  const targets = JSON.parse(process.env.UPTIME_CHECKS || '[]');
  const timeoutMs = Number(process.env.UPTIME_TIMEOUT_MS || '10000');
  if (targets.length === 0) throw new Error('UPTIME_CHECKS lists no URL');
  const synthetics = loadSynthetics();
  const failures = [];
  for (const target of targets) {
    const run = () => check(target, timeoutMs);
    try {
      if (synthetics && typeof synthetics.executeStep === 'function') {
        await synthetics.executeStep(target.name, run);
      } else {
        await run();
      }
    } catch (e) {
      failures.push(e && e.message ? e.message : String(e));
    }
  }
  if (failures.length > 0) throw new Error(failures.join('; '));
  return 'all checks passed';
}

module.exports = { handler, check };
