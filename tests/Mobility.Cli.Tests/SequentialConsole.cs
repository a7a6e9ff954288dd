// The commands write to the process's one Console and RouteCommandsTests reads it back (route one --json): run in
// parallel, another test's output lands in the JSON it parses. One collection for the assembly, as in
// Mobility.Node.Tests where these tests lived: they run one at a time.
[assembly: CollectionBehavior(CollectionBehavior.CollectionPerAssembly)]
