// Each test starts real nodes (Kestrel + an actor system); one at a time keeps a shared 2-core machine responsive.
[assembly: CollectionBehavior(CollectionBehavior.CollectionPerAssembly)]
