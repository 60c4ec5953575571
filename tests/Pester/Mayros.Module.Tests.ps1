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
    ) {
        (Get-Command $Name).OutputType.Name | Should -Be $Type
    }

    It 'pipes every model into every session cmdlet' {
        $null = New-MayrosFork -Session src -Name pipe-kid
        $models = @(
            Get-MayrosFork -Session src | Where-Object SessionKey -eq 'src'
            (Get-MayrosFork -Session src | Where-Object SessionKey -eq 'src').Checkpoints | Select-Object -First 1
            New-MayrosCheckpoint -Session pipe-kid
            Invoke-MayrosRewind -Session pipe-kid -To '2026-03-01T10:00:02Z' -Confirm:$false
            Get-MayrosCheckpoint -Session src | Select-Object -First 1
            Get-MayrosSessionEvent -Session src | Select-Object -First 1
        )
        foreach ($model in $models) {
            ($model | Get-MayrosFork).SessionKey | Should -Contain $model.SessionKey
            { $model | New-MayrosCheckpoint -WhatIf } | Should -Not -Throw
            { $model | New-MayrosFork -Name never -WhatIf } | Should -Not -Throw
            { $model | Invoke-MayrosRewind -To '2026-03-01T10:00:02Z' -WhatIf } | Should -Not -Throw
            ($model | Get-MayrosSessionEvent | Select-Object -First 1).SessionKey | Should -Be $model.SessionKey
            { $model | Get-MayrosCheckpoint } | Should -Not -Throw
        }
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

Describe 'Help' {
    It '<Name> has a synopsis, a description, two examples and every parameter described' -TestCases @(
        @{ Name = 'New-MayrosCheckpoint' }, @{ Name = 'New-MayrosFork' }, @{ Name = 'Invoke-MayrosRewind' }, @{ Name = 'Get-MayrosFork' }
        @{ Name = 'Get-MayrosCheckpoint' }, @{ Name = 'Undo-MayrosRewind' }, @{ Name = 'Get-MayrosSessionEvent' }, @{ Name = 'Compare-MayrosSession' }
        @{ Name = 'Connect-MayrosCortex' }, @{ Name = 'Disconnect-MayrosCortex' }, @{ Name = 'Get-MayrosConnection' }
    ) {
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

    It 'about_Mayros covers connection, variables, errors and limits' {
        $about = Get-Help about_Mayros | Out-String
        foreach ($text in 'CORTEX_HOST', 'CORTEX_PORT', 'CORTEX_AUTH_TOKEN', 'MAYROS_CONFIG_PATH', 'SessionNotFound', '19090', '1 MiB') {
            $about | Should -Match ([regex]::Escape($text))
        }
    }
}

Describe 'Formatting' {
    It 'renders each output type as a table that fits 80 columns' {
        $table = @(
            New-MayrosCheckpoint -Session src
            New-MayrosFork -Session src -Name ('fmt-' + [guid]::NewGuid().ToString('N').Substring(0, 6))
            Get-MayrosFork
        ) | ForEach-Object { $_ | Format-Table | Out-String -Width 80 }
        $table -join "`n" | Should -Match 'Id\s+SessionKey\s+Label\s+Timestamp\s+Events'
        $table -join "`n" | Should -Match 'OriginalSession\s+ForkedSession\s+ForkedAt\s+Copied'
        $table -join "`n" | Should -Match 'SessionKey\s+Status\s+ParentSession\s+ForkedAt\s+Checkpoints'
    }

    It 'has a list view for each output type' {
        (New-MayrosCheckpoint -Session src | Format-List | Out-String) | Should -Match 'EventCount\s*:\s*\d+'
    }

    It 'serialises with ConvertTo-Json as the CLI''s fields, statuses as plain strings' {
        $json = Get-MayrosFork -Session src | ConvertTo-Json -Depth 4 | ConvertFrom-Json
        $json.SessionKey | Should -Be 'src'
        $json.Status | Should -BeOfType [string]
        $json.Status | Should -BeIn 'active', 'forked', 'rewound'
        $json.Checkpoints[0].EventCount | Should -Be 5
    }

    It 'shows a lineage as a tree and an event with its fields' {
        $null = New-MayrosFork -Session src -Name ('tree-' + [guid]::NewGuid().ToString('N').Substring(0, 6))
        (Get-MayrosFork -Session src -Recurse | Out-String -Width 80) | Should -Match '(?m)^\+- tree-'
        (Get-MayrosSessionEvent -Session src | Select-Object -First 1 | Out-String -Width 120) | Should -Match 'step=0'
    }
}
