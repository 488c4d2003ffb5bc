// TorchSharp's default random generator is process-wide: tests that train in parallel would draw
// from it in turn and lose their determinism, so this assembly runs its tests one at a time.
[assembly: CollectionBehavior(DisableTestParallelization = true)]
