using System;
using System.Linq;
using System.Management.Automation;
using System.Management.Automation.Runspaces;
using System.Runtime.Loader;

// ConflictHost <old RestSharp.dll> <Mayros.psd1> <cortex port> <namespace> <session>
// ConflictHost reflect <Mayros.psd1>: a fresh process that imports the module and, before running any of its code,
// inspects every public type's members (which needs the Cortex client assembly to be loadable).
if (args.Length == 2 && args[0] == "reflect")
{
    using var fresh = RunspaceFactory.CreateRunspace(InitialSessionState.CreateDefault2());
    fresh.Open();
    using var reflect = PowerShell.Create();
    reflect.Runspace = fresh;
    const string reportLeaks = "$types | Where-Object { $_ -and $_.Assembly.GetName().Name -in 'RestSharp', 'System.Text.Json', 'Mayros.PowerShell.Cortex' } " +
        "| ForEach-Object { 'leak: {0} uses {1}' -f $type.FullName, $_.FullName }";
    reflect.AddScript($$"""
        Import-Module $args[0] -ErrorAction Stop
        $module = (Get-Command New-MayrosCheckpoint).ImplementingType.Assembly
        foreach ($type in $module.GetExportedTypes()) {
            $members = $type.GetMembers() | Where-Object { $_.DeclaringType -eq $type }
            $types = @($type.BaseType) + @($members | ForEach-Object {
                if ($_ -is [System.Reflection.PropertyInfo]) { $_.PropertyType }
                elseif ($_ -is [System.Reflection.MethodInfo]) { $_.ReturnType; $_.GetParameters().ParameterType }
                elseif ($_ -is [System.Reflection.FieldInfo]) { $_.FieldType }
                elseif ($_ -is [System.Reflection.ConstructorInfo]) { $_.GetParameters().ParameterType }
            })
            {{reportLeaks}}
        }
        'inspected: {0}' -f $module.GetExportedTypes().Count
        """).AddArgument(args[1]);
    foreach (var line in reflect.Invoke())
    {
        Console.WriteLine(line);
    }

    foreach (var error in reflect.Streams.Error)
    {
        Console.WriteLine("error: " + error);
    }

    return reflect.HadErrors ? 1 : 0;
}

if (args.Length != 5)
{
    Console.Error.WriteLine("usage: ConflictHost <RestSharp.dll> <Mayros.psd1> <port> <namespace> <session>");
    return 2;
}

// 1. The host's own RestSharp, in the default context, in use before the module arrives.
var hostRestSharp = AssemblyLoadContext.Default.LoadFromAssemblyPath(args[0]);
var clientType = hostRestSharp.GetType("RestSharp.RestClient", throwOnError: true)!;
const System.Reflection.BindingFlags optional = System.Reflection.BindingFlags.CreateInstance | System.Reflection.BindingFlags.Public
    | System.Reflection.BindingFlags.Instance | System.Reflection.BindingFlags.OptionalParamBinding;
using (Activator.CreateInstance(clientType, optional, null, new object[] { "http://127.0.0.1:1" }, null) as IDisposable)
{
}

Console.WriteLine($"host RestSharp {hostRestSharp.GetName().Version} in {AssemblyLoadContext.GetLoadContext(hostRestSharp)!.GetType().Name}");

// 2. The module, imported and used.
using var runspace = RunspaceFactory.CreateRunspace(InitialSessionState.CreateDefault2());
runspace.Open();
using var ps = PowerShell.Create();
ps.Runspace = runspace;
ps.AddScript("Import-Module $args[0] -ErrorAction Stop; New-MayrosCheckpoint -Session $args[3] -CortexPort $args[1] -Namespace $args[2] -ErrorAction Stop")
    .AddArgument(args[1]).AddArgument(int.Parse(args[2], System.Globalization.CultureInfo.InvariantCulture)).AddArgument(args[3]).AddArgument(args[4]);
var output = ps.Invoke();
foreach (var error in ps.Streams.Error)
{
    Console.WriteLine("error: " + error);
}

if (ps.HadErrors || output.Count != 1)
{
    return 1;
}

Console.WriteLine($"checkpoint {output[0].Properties["EventCount"].Value}");

// 3. Every RestSharp in the process, and where it lives.
foreach (var assembly in AppDomain.CurrentDomain.GetAssemblies().Where(a => a.GetName().Name == "RestSharp"))
{
    Console.WriteLine($"RestSharp {assembly.GetName().Version} in {AssemblyLoadContext.GetLoadContext(assembly)!.GetType().FullName}");
}

return 0;
