import { MemoryLogStore, MemoryLogVolume } from '@app/adapters/store-memory';
import { describeLogStoreConformance } from './support/log-store-conformance';

describeLogStoreConformance('memory', async () => {
  const volume = new MemoryLogVolume();
  return { make: () => new MemoryLogStore(volume), cleanup: async () => undefined };
});
