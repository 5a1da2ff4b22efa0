import { Injectable, OnModuleDestroy, OnModuleInit } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import type { FastifyInstance } from 'fastify';

/**
 * Whether the instance is shutting down (SIGTERM: Nest's first shutdown hook). While it drains,
 * readiness says no and every answer closes its connection: a keep-alive connection left open by
 * a request that was in flight would otherwise hold the closing server for its whole idle timeout.
 */
@Injectable()
export class ShutdownState implements OnModuleInit, OnModuleDestroy {
  private drainingSince?: Date;

  constructor(private readonly adapterHost: HttpAdapterHost) {}

  get draining(): boolean {
    return this.drainingSince !== undefined;
  }

  onModuleInit(): void {
    const fastify = this.adapterHost.httpAdapter.getInstance<FastifyInstance>();
    fastify.addHook('onSend', async (_request, reply, payload) => {
      if (this.draining) void reply.header('connection', 'close');
      return payload;
    });
  }

  onModuleDestroy(): void {
    this.drainingSince = new Date();
  }
}
