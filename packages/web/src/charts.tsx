/**
 * Charts drawn by the app in SVG (no chart library, nothing fetched). Each
 * chart is an image with a title and a description, followed by the same
 * figures as a table: the text alternative for screen readers and for anyone
 * who prefers numbers.
 */
import type { ComponentChildren } from "preact"

const palette = ["#1f5fa8", "#a8431f", "#2e7d32", "#6a3fa0", "#8a6d00", "#00727a", "#b0306a", "#4a4a4a"]

const Figure = ({ id, title, description, children, table, height = 260 }: { id: string; title: string; description: string; children: ComponentChildren; table: ComponentChildren; height?: number }) => (
  <figure class="chart" data-testid={`chart-${id}`}>
    <figcaption id={`${id}-title`}>{title}</figcaption>
    <svg viewBox={`0 0 640 ${height}`} role="img" aria-labelledby={`${id}-title ${id}-desc`} preserveAspectRatio="xMidYMid meet">
      <desc id={`${id}-desc`}>{description}</desc>
      {children}
    </svg>
    <details>
      <summary>{title}: the figures</summary>
      {table}
    </details>
  </figure>
)

const pct = (x: number | undefined | null) => (x === undefined || x === null ? "—" : `${Math.round(x * 100)}%`)

const Axis = ({ max, format, top = 20, bottom = 220, left = 60, right = 620 }: { max: number; format: (v: number) => string; top?: number; bottom?: number; left?: number; right?: number }) => {
  const ticks = [0, 0.25, 0.5, 0.75, 1].map((f) => f * max)
  return (
    <g class="axis">
      {ticks.map((t) => {
        const y = bottom - (t / (max || 1)) * (bottom - top)
        return (
          <g key={t}>
            <line x1={left} x2={right} y1={y} y2={y} stroke="#c8c8c8" stroke-width="1" />
            <text x={left - 6} y={y + 4} text-anchor="end" font-size="12" fill="#333">{format(t)}</text>
          </g>
        )
      })}
    </g>
  )
}

/** Bars: one value per label, 0..max. */
export const BarChart = ({ id, title, description, bars, max, format }: {
  id: string
  title: string
  description: string
  bars: ReadonlyArray<{ readonly label: string; readonly value: number | undefined }>
  max: number
  format: (v: number) => string
}) => {
  const left = 60, right = 620, top = 20, bottom = 220
  const step = (right - left) / Math.max(1, bars.length)
  const width = Math.min(60, step * 0.6)
  return (
    <Figure id={id} title={title} description={description} table={
      <table><thead><tr><th scope="col">Item</th><th scope="col">Value</th></tr></thead>
        <tbody>{bars.map((b, i) => <tr key={i}><th scope="row">{b.label}</th><td>{b.value === undefined ? "no data" : format(b.value)}</td></tr>)}</tbody></table>
    }>
      <Axis max={max} format={format} />
      {bars.map((b, i) => {
        const x = left + i * step + (step - width) / 2
        const h = b.value === undefined ? 0 : (Math.min(b.value, max) / (max || 1)) * (bottom - top)
        return (
          <g key={i}>
            {b.value === undefined ? <text x={x + width / 2} y={bottom - 6} text-anchor="middle" font-size="11" fill="#555">n/a</text> : (
              <>
                <rect x={x} y={bottom - h} width={width} height={h} fill={palette[0]} />
                <text x={x + width / 2} y={bottom - h - 4} text-anchor="middle" font-size="12" fill="#111">{format(b.value)}</text>
              </>
            )}
            <text x={x + width / 2} y={bottom + 16} text-anchor="middle" font-size="11" fill="#333">{b.label.length > 14 ? `${b.label.slice(0, 13)}…` : b.label}</text>
          </g>
        )
      })}
    </Figure>
  )
}

/** Stacked bars: per column (a retro), counts per series (a theme). */
export const StackedChart = ({ id, title, description, columns, series }: {
  id: string
  title: string
  description: string
  columns: ReadonlyArray<{ readonly label: string; readonly values: Readonly<Record<string, number>> }>
  series: ReadonlyArray<string>
}) => {
  const left = 60, right = 470, top = 20, bottom = 220
  // A multiple of 4, so the five gridlines fall on whole cards.
  const max = Math.ceil(Math.max(1, ...columns.map((c) => Object.values(c.values).reduce((a, b) => a + b, 0))) / 4) * 4
  const step = (right - left) / Math.max(1, columns.length)
  const width = Math.min(50, step * 0.6)
  return (
    <Figure id={id} title={title} description={description} table={
      <table>
        <thead><tr><th scope="col">Theme</th>{columns.map((c, i) => <th key={i} scope="col">{c.label}</th>)}</tr></thead>
        <tbody>{series.map((s) => <tr key={s}><th scope="row">{s}</th>{columns.map((c, i) => <td key={i}>{c.values[s] ?? 0}</td>)}</tr>)}</tbody>
      </table>
    }>
      <Axis max={max} format={(v) => String(Math.round(v))} right={right} />
      {columns.map((c, i) => {
        const x = left + i * step + (step - width) / 2
        let y = bottom
        return (
          <g key={i}>
            {series.map((s, k) => {
              const v = c.values[s] ?? 0
              const h = (v / max) * (bottom - top)
              y -= h
              return v === 0 ? null : <rect key={s} x={x} y={y} width={width} height={h} fill={palette[k % palette.length]} stroke="#fff" stroke-width="1" />
            })}
            <text x={x + width / 2} y={bottom + 16} text-anchor="middle" font-size="11" fill="#333">{c.label}</text>
          </g>
        )
      })}
      {series.slice(0, 10).map((s, k) => (
        <g key={s}>
          <rect x={490} y={24 + k * 20} width={12} height={12} fill={palette[k % palette.length]} />
          <text x={508} y={34 + k * 20} font-size="12" fill="#111">{s.length > 16 ? `${s.slice(0, 15)}…` : s}</text>
        </g>
      ))}
    </Figure>
  )
}

/** Dots with whiskers: a median and its interval per label (actual ÷ estimate). */
export const IntervalChart = ({ id, title, description, rows, format, reference }: {
  id: string
  title: string
  description: string
  rows: ReadonlyArray<{ readonly label: string; readonly low: number; readonly mid: number; readonly high: number } | { readonly label: string; readonly low?: undefined; readonly mid?: undefined; readonly high?: undefined }>
  format: (v: number) => string
  reference?: number
}) => {
  const left = 150, right = 620
  const values = rows.flatMap((r) => (r.mid === undefined ? [] : [r.low, r.mid, r.high]))
  const max = Math.max(reference ?? 0, ...values, 1) * 1.1
  const x = (v: number) => left + (v / max) * (right - left)
  const rowH = Math.min(40, 220 / Math.max(1, rows.length))
  const height = Math.min(260, 50 + rows.length * rowH)
  return (
    <Figure id={id} title={title} description={description} height={height} table={
      <table><thead><tr><th scope="col">Item</th><th scope="col">Low</th><th scope="col">Middle</th><th scope="col">High</th></tr></thead>
        <tbody>{rows.map((r, i) => <tr key={i}><th scope="row">{r.label}</th>{r.mid === undefined ? <td colSpan={3}>not enough data</td> : <><td>{format(r.low)}</td><td>{format(r.mid)}</td><td>{format(r.high)}</td></>}</tr>)}</tbody></table>
    }>
      {reference === undefined ? null : (
        <g>
          <line x1={x(reference)} x2={x(reference)} y1={10} y2={height - 20} stroke="#555" stroke-dasharray="4 3" />
          <text x={x(reference) + 4} y={height - 8} font-size="11" fill="#333">{format(reference)}</text>
        </g>
      )}
      {rows.map((r, i) => {
        const y = 24 + i * rowH
        return (
          <g key={i}>
            <text x={left - 8} y={y + 4} text-anchor="end" font-size="12" fill="#111">{r.label.length > 20 ? `${r.label.slice(0, 19)}…` : r.label}</text>
            {r.mid === undefined ? <text x={left} y={y + 4} font-size="11" fill="#555">not enough data</text> : (
              <>
                <line x1={x(r.low)} x2={x(r.high)} y1={y} y2={y} stroke={palette[0]} stroke-width="3" />
                <circle cx={x(r.mid)} cy={y} r={6} fill={palette[1]} />
                <text x={x(r.high) + 6} y={y + 4} font-size="11" fill="#333">{format(r.mid)}</text>
              </>
            )}
          </g>
        )
      })}
    </Figure>
  )
}

export { pct }
