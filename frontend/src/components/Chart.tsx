// ECharts from its modular entry points: only the bar chart, its grid, tooltip, legend and the
// accessible description are bundled. A React wrapper package would add nothing but a dependency:
// mounting, updating and disposing is all it does, here in one effect.
import { BarChart, LineChart } from 'echarts/charts'
import { AriaComponent, GridComponent, LegendComponent, TooltipComponent } from 'echarts/components'
import * as echarts from 'echarts/core'
import type { EChartsCoreOption } from 'echarts/core'
import { SVGRenderer } from 'echarts/renderers'
import { useEffect, useRef } from 'react'

echarts.use([
  BarChart,
  LineChart,
  GridComponent,
  TooltipComponent,
  LegendComponent,
  AriaComponent,
  SVGRenderer,
])

/**
 * A chart; `label` describes it for screen readers (ECharts writes it as the container's
 * `aria-label`, so it should say what the chart shows). The data should also be shown as a
 * table beside it.
 */
export function Chart({
  option,
  label,
  height = 320,
}: {
  option: EChartsCoreOption
  label: string
  height?: number
}) {
  const host = useRef<HTMLDivElement>(null)
  const chart = useRef<echarts.ECharts | null>(null)

  useEffect(() => {
    if (!host.current) return
    const instance = echarts.init(host.current, undefined, { renderer: 'svg' })
    chart.current = instance
    const resize = () => instance.resize()
    window.addEventListener('resize', resize)
    return () => {
      window.removeEventListener('resize', resize)
      instance.dispose()
      chart.current = null
    }
  }, [])

  useEffect(() => {
    chart.current?.setOption({ ...option, aria: { enabled: true, label: { description: label } } }, true)
  }, [option, label])

  return <div ref={host} role="img" style={{ width: '100%', height }} data-testid="chart" />
}
