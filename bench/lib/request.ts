/**
 * JSON requests from the benches that pace writes themselves (sse, contention): node:http with a
 * keep-alive agent of their own, so the writers hold their connections and the answer's status and
 * JSON come back without fetch's per-request cost on the load generator's share of the two cores.
 */
import http from "node:http"

export interface Reply {
  readonly status: number
  readonly json: any
}

/** A keep-alive agent for writers: up to 64 connections, reused. */
export const makeWriteAgent = (): http.Agent => new http.Agent({ keepAlive: true, maxSockets: 64 })

/** One JSON request (`body` as JSON, `token` as a bearer token) through `agent`. */
export const request = (agent: http.Agent, base: URL, method: string, path: string, body?: unknown, token?: string): Promise<Reply> =>
  new Promise((resolve, reject) => {
    const payload = body === undefined ? undefined : JSON.stringify(body)
    const req = http.request({
      host: base.hostname,
      port: base.port,
      method,
      path,
      agent,
      headers: {
        ...(payload === undefined ? {} : { "content-type": "application/json", "content-length": Buffer.byteLength(payload) }),
        ...(token === undefined ? {} : { authorization: `Bearer ${token}` })
      }
    }, (res) => {
      let text = ""
      res.setEncoding("utf8")
      res.on("data", (c: string) => (text += c))
      res.on("end", () => {
        try {
          resolve({ status: res.statusCode ?? 0, json: text === "" ? undefined : JSON.parse(text) })
        } catch (error) {
          reject(error)
        }
      })
    })
    req.on("error", reject)
    if (payload !== undefined) req.write(payload)
    req.end()
  })

/** The reply's JSON, or an error naming `what` failed, with the status and body. */
export const ok = async (reply: Promise<Reply>, what: string) => {
  const r = await reply
  if (r.status >= 300) throw new Error(`${what}: ${r.status} ${JSON.stringify(r.json)}`)
  return r.json
}
