using System;
using System.Collections.Generic;
using ModuleBuilder;

// ModuleBuilder stage --bin <dir> --out <dir> --repo <dir> --version <x.y.z> [--prerelease <tag>]
// ModuleBuilder help --docs <dir> --out <dir> --online <base URI of the pages, ending in />
// ModuleBuilder pack --module <dir> --out <dir>
// ModuleBuilder updatable-help --module <dir> --out <dir>
try
{
    if (args.Length == 0)
    {
        throw new ArgumentException("usage: ModuleBuilder stage|help|pack|updatable-help [options]");
    }

    var options = new Dictionary<string, string>(StringComparer.Ordinal);
    for (var i = 1; i < args.Length; i += 2)
    {
        if (i + 1 >= args.Length || !args[i].StartsWith("--", StringComparison.Ordinal))
        {
            throw new ArgumentException($"expected '--name value' pairs after the command, got '{args[i]}'");
        }

        options[args[i][2..]] = args[i + 1];
    }

    string Required(string name) => options.TryGetValue(name, out var value) ? value : throw new ArgumentException($"--{name} is required");

    switch (args[0])
    {
        case "stage":
            Stager.Stage(Required("bin"), Required("out"), Required("repo"), Required("version"), options.GetValueOrDefault("prerelease") ?? string.Empty);
            break;
        case "help":
            HelpBuilder.Build(Required("docs"), Required("out"), Required("online"));
            break;
        case "pack":
            Packer.Pack(Required("module"), Required("out"));
            break;
        case "updatable-help":
            UpdatableHelp.Build(Required("module"), Required("out"));
            break;
        default:
            throw new ArgumentException($"unknown command '{args[0]}'");
    }

    return 0;
}
catch (Exception ex) when (ex is ArgumentException or HelpFormatException or System.IO.IOException)
{
    Console.Error.WriteLine("ModuleBuilder: error: " + ex.Message);
    return 1;
}
