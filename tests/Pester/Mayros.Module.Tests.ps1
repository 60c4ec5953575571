#Requires -Modules Pester
# The staged module from a user's seat: metadata, manifest, help, formatting, JSON.
BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'LocalCortex.psm1') -Force
    $script:manifest = Import-StagedMayros
    $script:cortex = Start-LocalCortex
    $script:ns = 'p' + [guid]::NewGuid().ToString('N').Substring(0, 10)
    Set-MayrosTestDefault -Cortex $cortex -Namespace $ns
    Add-CortexSessionEvents -Cortex $cortex -Namespace $ns -Session 'src' -Count 5
}

AfterAll {
    Stop-LocalCortex -Cortex $cortex
    Clear-MayrosTestDefault
}

Describe 'The manifest' {
    It 'passes Test-ModuleManifest' {
        { Test-ModuleManifest -Path $manifest.FullName -ErrorAction Stop } | Should -Not -Throw
    }

    It 'exports exactly the cmdlets it declares' {
        $declared = (Import-PowerShellDataFile $manifest.FullName).CmdletsToExport | Sort-Object
        (Get-Command -Module Mayros).Name | Sort-Object | Should -Be $declared
    }
}

Describe 'Loading' {
    BeforeAll {
        $null = Get-MayrosFork   # the first command loads the Cortex client and its dependencies
        $script:module = Get-Module Mayros
        $script:context = [System.Runtime.Loader.AssemblyLoadContext]::All | Where-Object { $_.GetType().FullName -eq 'Mayros.PowerShell.Loading.DependencyLoadContext' }
        function script:Get-Loaded([System.Runtime.Loader.AssemblyLoadContext] $Context, [string] $Name) {
            $Context.Assemblies | Where-Object { $_.GetName().Name -eq $Name }
        }
    }

    It 'imports the netstandard2.0 build from the staged folder' {
        $root = [System.IO.Path]::GetDirectoryName($manifest.FullName)
        $module.ModuleBase | Should -Be $root
        $assembly = $module.ImplementingAssembly
        $assembly.Location | Should -Be (Join-Path $root 'Mayros.PowerShell.dll')
        $framework = $assembly.GetCustomAttributes([System.Runtime.Versioning.TargetFrameworkAttribute], $false)[0].FrameworkName
        $framework | Should -Be '.NETStandard,Version=v2.0'
    }

    It 'keeps RestSharp 114 and the Cortex client in its own load context, out of the default one' {
        @($context).Count | Should -Be 1
        $restSharp = Get-Loaded $context RestSharp
        $restSharp.GetName().Version.Major | Should -Be 114
        $restSharp.Location | Should -BeLike (Join-Path $module.ModuleBase 'dependencies*')
        Get-Loaded $context 'Mayros.PowerShell.Cortex' | Should -Not -BeNullOrEmpty
        Get-Loaded ([System.Runtime.Loader.AssemblyLoadContext]::Default) RestSharp | Should -BeNullOrEmpty
    }

    It 'gives the client System.Text.Json 10 whatever the default context holds' {
        $defaultJson = [System.Text.Json.JsonSerializer].Assembly   # PowerShell's own, in the default context
        $clientJson = (Get-Loaded $context 'Mayros.PowerShell.Cortex').GetReferencedAssemblies() | Where-Object Name -eq 'System.Text.Json'
        $clientJson.Version.Major | Should -Be 10
        if ($PSVersionTable.PSVersion -lt [version]'7.5') {
            # .NET 8: the default context holds System.Text.Json 8, and the module loads its own 10 beside it.
            $defaultJson.GetName().Version.Major | Should -Be 8
            $private = Get-Loaded $context 'System.Text.Json'
            $private.GetName().Version.Major | Should -Be 10
            $private.Location | Should -BeLike (Join-Path $module.ModuleBase 'dependencies*')
        }
        else {
            # .NET 10 ships System.Text.Json 10: the module shares the runtime's rather than load a second copy.
            $defaultJson.GetName().Version.Major | Should -BeGreaterOrEqual 10
            Get-Loaded $context 'System.Text.Json' | Should -BeNullOrEmpty
        }
    }
}

Describe 'Command metadata' {
    It '<Name> declares its output type <Type>' -TestCases @(
        @{ Name = 'New-MayrosCheckpoint'; Type = 'Mayros.PowerShell.Models.MayrosCheckpoint' }
        @{ Name = 'New-MayrosFork'; Type = 'Mayros.PowerShell.Models.MayrosForkResult' }
        @{ Name = 'Invoke-MayrosRewind'; Type = 'Mayros.PowerShell.Models.MayrosRewindResult' }
        @{ Name = 'Get-MayrosFork'; Type = 'Mayros.PowerShell.Models.MayrosSession' }
        @{ Name = 'Get-MayrosCheckpoint'; Type = 'Mayros.PowerShell.Models.MayrosCheckpoint' }
        @{ Name = 'Undo-MayrosRewind'; Type = 'Mayros.PowerShell.Models.MayrosUndoResult' }
        @{ Name = 'Get-MayrosSessionEvent'; Type = 'Mayros.PowerShell.Models.MayrosSessionEvent' }
        @{ Name = 'Compare-MayrosSession'; Type = 'Mayros.PowerShell.Models.MayrosSessionComparison' }
        @{ Name = 'Connect-MayrosCortex'; Type = 'Mayros.PowerShell.Models.MayrosConnection' }
        @{ Name = 'Disconnect-MayrosCortex'; Type = 'Mayros.PowerShell.Models.MayrosConnection' }
        @{ Name = 'Get-MayrosConnection'; Type = 'Mayros.PowerShell.Models.MayrosConnection' }
        @{ Name = 'Get-MayrosSession'; Type = 'Mayros.PowerShell.Models.MayrosSessionInfo' }
        @{ Name = 'Add-MayrosSessionEvent'; Type = 'Mayros.PowerShell.Models.MayrosSessionEvent' }
    ) {
        (Get-Command $Name).OutputType.Name | Should -Be $Type
    }

    It 'pipes every model into every session cmdlet' {
        $null = New-MayrosCheckpoint -Session src -Label piped
        $null = New-MayrosFork -Session src -Name pipe-kid
        $models = @(
            Get-MayrosFork -Session src | Where-Object SessionKey -eq 'src'
            (Get-MayrosFork -Session src | Where-Object SessionKey -eq 'src').Checkpoints | Select-Object -First 1
            New-MayrosCheckpoint -Session pipe-kid
            Invoke-MayrosRewind -Session pipe-kid -To '2026-03-01T10:00:02Z' -Confirm:$false
            Get-MayrosCheckpoint -Session src | Select-Object -First 1
            Get-MayrosSessionEvent -Session src | Select-Object -First 1
        )
        $models.Count | Should -Be 6
        foreach ($model in $models) {
            # -ErrorAction Stop: a record the cmdlet refuses is an error here, not only a red line on the screen.
            ($model | Get-MayrosFork -ErrorAction Stop).SessionKey | Should -Contain $model.SessionKey
            { $model | New-MayrosCheckpoint -WhatIf -ErrorAction Stop } | Should -Not -Throw
            { $model | New-MayrosFork -Name never -WhatIf -ErrorAction Stop } | Should -Not -Throw
            { $model | Invoke-MayrosRewind -To '2026-03-01T10:00:02Z' -WhatIf -ErrorAction Stop } | Should -Not -Throw
            ($model | Get-MayrosSessionEvent -ErrorAction Stop | Select-Object -First 1).SessionKey | Should -Be $model.SessionKey
            $model | Get-MayrosCheckpoint -ErrorAction Stop | ForEach-Object { $_.SessionKey | Should -Be $model.SessionKey }
        }
        (Get-MayrosFork | Where-Object SessionKey -eq never) | Should -BeNullOrEmpty
    }

    It '<Name> supports ShouldProcess: <Supports>' -TestCases @(
        @{ Name = 'New-MayrosCheckpoint'; Supports = $true }
        @{ Name = 'New-MayrosFork'; Supports = $true }
        @{ Name = 'Invoke-MayrosRewind'; Supports = $true }
        @{ Name = 'Get-MayrosFork'; Supports = $false }
        @{ Name = 'Get-MayrosCheckpoint'; Supports = $false }
        @{ Name = 'Undo-MayrosRewind'; Supports = $true }
        @{ Name = 'Get-MayrosSessionEvent'; Supports = $false }
        @{ Name = 'Compare-MayrosSession'; Supports = $false }
        @{ Name = 'Connect-MayrosCortex'; Supports = $false }
        @{ Name = 'Get-MayrosConnection'; Supports = $false }
        @{ Name = 'Get-MayrosSession'; Supports = $false }
        @{ Name = 'Add-MayrosSessionEvent'; Supports = $true }
    ) {
        (Get-Command $Name).Parameters.ContainsKey('WhatIf') | Should -Be $Supports
    }

    It 'Invoke-MayrosRewind has ConfirmImpact High' {
        $attribute = (Get-Command Invoke-MayrosRewind).ImplementingType.GetCustomAttributes([System.Management.Automation.CmdletAttribute], $false)[0]
        $attribute.ConfirmImpact | Should -Be 'High'
    }

    It '-Session binds from the pipeline by value and by SessionKey on <Name>' -TestCases @(
        @{ Name = 'New-MayrosCheckpoint' }, @{ Name = 'New-MayrosFork' }, @{ Name = 'Invoke-MayrosRewind' }, @{ Name = 'Get-MayrosFork' }
        @{ Name = 'Get-MayrosCheckpoint' }, @{ Name = 'Undo-MayrosRewind' }, @{ Name = 'Get-MayrosSessionEvent' }
    ) {
        $parameter = (Get-Command $Name).Parameters['Session']
        $attribute = $parameter.Attributes | Where-Object { $_ -is [System.Management.Automation.ParameterAttribute] }
        $attribute.ValueFromPipeline | Should -BeTrue
        $attribute.ValueFromPipelineByPropertyName | Should -BeTrue
        $parameter.Aliases | Should -Contain 'SessionKey'
    }
}

BeforeDiscovery {
    # Every cmdlet the repository's manifest exports: a new cmdlet gets these tests without being listed here.
    $script:exported = (Import-PowerShellDataFile (Join-Path $PSScriptRoot '../../Mayros.psd1')).CmdletsToExport | ForEach-Object { @{ Name = $_ } }
}

Describe 'Help' {
    It '<Name> has a synopsis, a description, two examples and every parameter described' -TestCases $exported {
        $help = Get-Help $Name -Full
        $help.Synopsis | Should -Not -BeNullOrEmpty
        $help.Synopsis | Should -Not -Match "^$Name \["
        ($help.description.Text -join '') | Should -Not -BeNullOrEmpty
        @($help.examples.example).Count | Should -BeGreaterOrEqual 2
        $common = [System.Management.Automation.PSCmdlet]::CommonParameters + [System.Management.Automation.PSCmdlet]::OptionalCommonParameters
        foreach ($parameter in (Get-Command $Name).Parameters.Keys | Where-Object { $_ -notin $common }) {
            $documented = $help.parameters.parameter | Where-Object name -eq $parameter
            $documented | Should -Not -BeNullOrEmpty -Because "-$parameter must be documented"
            ($documented.description.Text -join '') | Should -Not -BeNullOrEmpty -Because "-$parameter must be described"
        }
    }

    It 'build.ps1 has its whole comment-based help (a line starting with ".NET" once cut it to the syntax)' {
        $help = Get-Help (Join-Path $PSScriptRoot '../../build.ps1') -Full
        $help.Synopsis | Should -Match 'Builds, documents, tests'
        ($help.description | Out-String) | Should -Match 'Test runs everything'
        @($help.examples.example).Count | Should -BeGreaterOrEqual 3
    }

    It 'about_Mayros covers connection, variables, errors and limits' {
        $about = Get-Help about_Mayros | Out-String
        foreach ($text in 'CORTEX_HOST', 'CORTEX_PORT', 'CORTEX_AUTH_TOKEN', 'MAYROS_CONFIG_PATH', 'SessionNotFound', '19090', '1 MiB') {
            $about | Should -Match ([regex]::Escape($text))
        }
    }
}

Describe 'Formatting' {
    It 'renders every output type at 80 and 120 columns: key values whole, nothing stretched, dates in ISO 8601 UTC' {
        $name = 'fmt-' + [guid]::NewGuid().ToString('N').Substring(0, 6)
        $file = Join-Path ([System.IO.Path]::GetTempPath()) "$name.ndjson"
        $connection = Connect-MayrosCortex
        try {
            $outputs = [ordered]@{
                checkpoint = New-MayrosCheckpoint -Session src -Label "$name-label"
                fork       = New-MayrosFork -Session src -Name $name
                rewind     = Invoke-MayrosRewind -Session $name -To 2026-03-01T10:00:02Z -Confirm:$false
                undo       = Undo-MayrosRewind -Session $name -Confirm:$false
                session    = Get-MayrosSession -Session $name
                forks      = Get-MayrosFork -Session $name
                lineage    = Get-MayrosFork -Session src -Recurse | Select-Object -Last 1
                event      = Get-MayrosSessionEvent -Session $name | Select-Object -First 1
                connection = $connection
                export     = Export-MayrosSession -Session $name -Path $file -PassThru
                import     = Import-MayrosSession -Path $file -Name "$name-copy"
                removal    = Remove-MayrosSession -Session "$name-copy" -Confirm:$false -PassThru
                comparison = Compare-MayrosSession src $name
            }
        }
        finally {
            Disconnect-MayrosCortex
            Remove-Item -LiteralPath $file -ErrorAction SilentlyContinue
        }

        foreach ($kind in $outputs.Keys) {
            $object = $outputs[$kind]
            $object | Should -Not -BeNullOrEmpty -Because $kind
            foreach ($width in 80, 120) {
                $table = $object | Format-Table | Out-String -Width $width
                $list = $object | Format-List | Out-String -Width $width
                $lines = $table -split "`n" | Where-Object { $_.Trim() }
                $lines | ForEach-Object { $_.TrimEnd().Length | Should -BeLessOrEqual $width -Because "$kind at $width" }
                # Short values leave a 120-column table narrow: no column in the middle is padded to fill the width.
                if ($width -eq 120) { $lines[0].TrimEnd().Length | Should -BeLessOrEqual 100 -Because "$kind at 120: $($lines[0])" }
                foreach ($key in 'SessionKey', 'Id', 'ForkedSession', 'RewindId', 'RemovalId', 'UndoneRewindId') {
                    $value = $object.PSObject.Properties[$key].Value
                    if ($value -and $kind -ne 'comparison' -and -not ($kind -eq 'event' -and $key -eq 'SessionKey')) { $table | Should -Match ([regex]::Escape("$value")) -Because "$kind shows its $key whole at $width" }
                }

                # One date form: ISO 8601 UTC, never a culture's date or a date and time apart.
                ($table + $list) | Should -Not -Match '\d\d/\d\d/\d{4}' -Because $kind
                ($table + $list) | Should -Not -Match '\d{4}-\d\d-\d\d \d\d:' -Because $kind
            }
        }
    }

    It 'shows a connection whole at 80 columns, its time in ISO 8601 UTC' {
        $connection = Connect-MayrosCortex
        try {
            $lines = ($connection | Format-Table | Out-String -Width 80) -split "`n" | Where-Object { $_.Trim() }
            $lines | ForEach-Object { $_.TrimEnd().Length | Should -BeLessOrEqual 80 }
            $lines[-1] | Should -Match '\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ\s*$'
            $lines[-1] | Should -Match ([regex]::Escape($ns))
        }
        finally { Disconnect-MayrosCortex }
    }

    It 'writes sessions, events and lineages to CSV as readable text, and lists to JSON as lists' {
        $info = Get-MayrosSession -Session src
        $session = Get-MayrosFork -Session src | Where-Object SessionKey -eq 'src'
        $event = Get-MayrosSessionEvent -Session src | Select-Object -First 1
        $csv = @($info, $session, $event) | ForEach-Object { $_ | ConvertTo-Csv } | Out-String
        $csv | Should -Not -Match 'System\.|Mayros\.PowerShell\.Models'
        ($info | ConvertTo-Csv | ConvertFrom-Csv).Agents | Should -Be 'agent-1'
        ($event | ConvertTo-Csv | ConvertFrom-Csv).Fields | Should -Be 'step=0'
        ($session | ConvertTo-Csv | ConvertFrom-Csv).Path | Should -Be 'src'
        ($session | ConvertTo-Csv | ConvertFrom-Csv).Checkpoints | Should -Match '^cp-[0-9a-f]{12}(, cp-[0-9a-f]{12})*$'
        ($event | ConvertTo-Json | ConvertFrom-Json).Fields.step | Should -Be '0'
        @(($info | ConvertTo-Json | ConvertFrom-Json).Agents) | Should -Be @('agent-1')
        @($session.Checkpoints)[0] | Should -BeOfType ([type]'Mayros.PowerShell.Models.MayrosCheckpoint')
    }

    It 'gives a checkpoint one id property, which pipes to -Checkpoint, while an event''s Id does not' {
        $checkpoint = New-MayrosCheckpoint -Session src -Label one-id
        $checkpoint.PSObject.Properties.Name | Should -Not -Contain 'CheckpointId'
        ($checkpoint | ConvertTo-Csv)[0] | Should -Not -Match 'CheckpointId'
        ($checkpoint | Format-List * | Out-String) | Should -Not -Match 'CheckpointId'
        $fork = $checkpoint | New-MayrosFork -Name ('one-id-' + [guid]::NewGuid().ToString('N').Substring(0, 6))
        $fork.ForkedFromCheckpoint | Should -Be $checkpoint.Id
        $event = Get-MayrosSessionEvent -Session src | Select-Object -First 1
        ($event | New-MayrosFork -Name ('one-id-' + [guid]::NewGuid().ToString('N').Substring(0, 6))).OriginalSession | Should -Be 'src'
    }

    It 'has a list view for each output type' {
        (New-MayrosCheckpoint -Session src | Format-List | Out-String) | Should -Match 'EventCount\s*:\s*\d+'
    }

    It 'serialises with ConvertTo-Json as the CLI''s fields, statuses as plain strings' {
        # Get-MayrosFork -Session lists the session and its forks: take the session itself.
        $json = Get-MayrosFork -Session src | Where-Object SessionKey -eq 'src' | ConvertTo-Json -Depth 4 | ConvertFrom-Json
        $json.SessionKey | Should -Be 'src'
        $json.Status | Should -BeOfType [string]
        $json.Status | Should -BeIn 'active', 'forked', 'rewound'
        $json.Checkpoints[0].EventCount | Should -Be 5
    }

    It 'shows a lineage as a tree and an event with its fields' {
        $null = New-MayrosFork -Session src -Name ('tree-' + [guid]::NewGuid().ToString('N').Substring(0, 6))
        (Get-MayrosFork -Session src -Recurse | Out-String -Width 80) | Should -Match '(?m)^\+- tree-'
        $event = Get-MayrosSessionEvent -Session src | Select-Object -First 1
        # The table shows the whole id, to copy; the list shows the fields.
        ($event | Format-Table | Out-String -Width 80) | Should -Match ([regex]::Escape($event.Id))
        ($event | Format-List | Out-String -Width 80) | Should -Match 'Fields\s*: step=0'
    }
}
