/**
 * Atomic-context primitives (reference §3.5). pagefault_disable()/enable()
 * and preempt_disable()/enable() are the explicit forms a kmap_atomic()
 * conversion may add: they change the atomic state and are not compared
 * between old and new code. Locks, IRQ/BH disabling and get_cpu() also
 * disable preemption, but they are ordinary operations of the code, so they
 * stay in the trace and must match.
 */
import type { ContextOp } from '../events.js';
import type { ApiFamily, ApiSemantics } from './api-model.js';
import { VOID } from './api-model.js';

function explicit(op: ContextOp): ApiSemantics {
  return {
    arity: 0,
    apply(_a, m, api) {
      m.emit({ k: 'context', api, op });
      return VOID(m);
    },
  };
}

export const context: ApiFamily = {
  family: 'context',
  summary: 'explicit page-fault and preemption disabling',
  apis: {
    pagefault_disable: explicit('pagefault-disable'),
    pagefault_enable: explicit('pagefault-enable'),
    preempt_disable: explicit('preempt-disable'),
    preempt_enable: explicit('preempt-enable'),
    preempt_disable_notrace: explicit('preempt-disable'),
    preempt_enable_notrace: explicit('preempt-enable'),
    preempt_enable_no_resched: explicit('preempt-enable'),
  },
};

const DISABLES = /^(?:(?:raw_)?spin_lock(?:_irq|_irqsave|_bh|_nested|_irqsave_nested)?|(?:read|write)_lock(?:_irq|_irqsave|_bh)?|local_irq_(?:disable|save)|local_bh_disable|get_cpu(?:_var|_ptr)?|local_lock(?:_irq|_irqsave)?|rcu_read_lock_(?:sched|bh))$/;
const ENABLES = /^(?:(?:raw_)?spin_unlock(?:_irq|_irqrestore|_bh)?|(?:read|write)_unlock(?:_irq|_irqrestore|_bh)?|local_irq_(?:enable|restore)|local_bh_enable|put_cpu(?:_var|_ptr)?|local_unlock(?:_irq|_irqrestore)?|rcu_read_unlock_(?:sched|bh))$/;

/** The effect on preemption of an ordinary call (a lock, an IRQ save...). */
export function contextOfCall(name: string): ContextOp | undefined {
  if (DISABLES.test(name)) return 'preempt-disable';
  if (ENABLES.test(name)) return 'preempt-enable';
  return undefined;
}
