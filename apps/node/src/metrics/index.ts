import { Provider } from '@nestjs/common';
import { HttpRequestCounter } from './http-request-counter';
import { MetricsController } from './metrics.controller';
import { NodeMetricsCollector } from './node-metrics.collector';

export const METRICS_CONTROLLERS = [MetricsController];
export const METRICS_PROVIDERS: Provider[] = [HttpRequestCounter, NodeMetricsCollector];
