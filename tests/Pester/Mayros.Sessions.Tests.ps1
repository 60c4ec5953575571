#Requires -Modules Pester
# The session cmdlets against the local Cortex server: what a user notices.
Describe 'The session cmdlets' {
    BeforeAll {
        Import-Module (Join-Path $PSScriptRoot 'LocalCortex.psm1') -Force
        $script:manifest = Import-StagedMayros
        $script:cortex = Start-LocalCortex
        Set-MayrosTestDefault -Cortex $cortex
    }

    AfterAll {
        Stop-LocalCortex -Cortex $cortex
        Clear-MayrosTestDefault
    }

    BeforeEach {
        $script:ns = 'p' + [guid]::NewGuid().ToString('N').Substring(0, 10)
        Set-MayrosTestDefault -Cortex $cortex -Namespace $ns
    }

    Describe 'New-MayrosCheckpoint' {
        It 'counts the events stored in Cortex' {
            Add-CortexSessionEvents -Cortex $cortex -Namespace $ns -Session s1 -Count 12
            $checkpoint = New-MayrosCheckpoint -Session s1
            $checkpoint.EventCount | Should -Be 12
            $checkpoint.LastEventId | Should -Be 'e11-s1'
            $checkpoint | Should -BeOfType ([type]'Mayros.PowerShell.Models.MayrosCheckpoint')
        }

        It 'takes session keys from the pipeline' {
            Add-CortexSessionEvents -Cortex $cortex -Namespace $ns -Session a -Count 1
            Add-CortexSessionEvents -Cortex $cortex -Namespace $ns -Session b -Count 2
            ('a', 'b' | New-MayrosCheckpoint).EventCount | Should -Be 1, 2
        }

        It 'fails with SessionNotFound for an unknown session and writes nothing' {
            $before = Get-CortexTripleCount -Cortex $cortex
            New-MayrosCheckpoint -Session nobody -ErrorVariable failure -ErrorAction SilentlyContinue
            $failure[0].FullyQualifiedErrorId | Should -Be 'SessionNotFound,Mayros.PowerShell.Commands.NewMayrosCheckpointCommand'
            $failure[0].CategoryInfo.Category | Should -Be 'ObjectNotFound'
            Get-CortexTripleCount -Cortex $cortex | Should -Be $before
        }
    }

    Describe 'New-MayrosFork' {
        It 'copies every event into the new session' {
            Add-CortexSessionEvents -Cortex $cortex -Namespace $ns -Session src -Count 20
            $fork = New-MayrosFork -Session src -Name dst
            $fork.EventsCopied | Should -Be 20
            (New-MayrosCheckpoint -Session dst).EventCount | Should -Be 20
            (Get-MayrosFork -Session dst).ParentSession | Should -Be 'src'
            (Get-MayrosFork -Session src).Status | Should -Contain 'forked'
        }

        It 'refuses a name that exists, with SessionAlreadyExists' {
            Add-CortexSessionEvents -Cortex $cortex -Namespace $ns -Session src -Count 2
            $null = New-MayrosFork -Session src -Name taken
            { New-MayrosFork -Session src -Name taken -ErrorAction Stop } |
                Should -Throw -ErrorId 'SessionAlreadyExists,Mayros.PowerShell.Commands.NewMayrosForkCommand'
        }

        It '-WhatIf sends no write' {
            Add-CortexSessionEvents -Cortex $cortex -Namespace $ns -Session src -Count 3
            $before = Get-CortexTripleCount -Cortex $cortex
            New-MayrosFork -Session src -Name maybe -WhatIf
            Get-CortexTripleCount -Cortex $cortex | Should -Be $before
        }
    }

    Describe 'Invoke-MayrosRewind' {
        It 'hides the events after the point from later checkpoints' {
            Add-CortexSessionEvents -Cortex $cortex -Namespace $ns -Session s -Count 30
            $rewind = Invoke-MayrosRewind -Session s -To '2026-03-01T10:00:19Z' -Confirm:$false
            $rewind.EventsRemoved | Should -Be 10
            $rewind.EventsRetained | Should -Be 20
            (New-MayrosCheckpoint -Session s).EventCount | Should -Be 20
        }

        It 'is harmless when repeated' {
            Add-CortexSessionEvents -Cortex $cortex -Namespace $ns -Session s -Count 10
            $null = Invoke-MayrosRewind -Session s -To '2026-03-01T10:00:04Z' -Confirm:$false
            $before = Get-CortexTripleCount -Cortex $cortex
            (Invoke-MayrosRewind -Session s -To '2026-03-01T10:00:04Z' -Confirm:$false).EventsRemoved | Should -Be 0
            Get-CortexTripleCount -Cortex $cortex | Should -Be $before
        }

        It 'rejects a -To that is not ISO 8601 before sending anything' {
            { Invoke-MayrosRewind -Session s -To 'yesterday' -Confirm:$false -ErrorAction Stop } |
                Should -Throw -ErrorId 'ParameterArgumentTransformationError,Mayros.PowerShell.Commands.InvokeMayrosRewindCommand'
        }

        It '-WhatIf says how many events it would hide and writes nothing' {
            Add-CortexSessionEvents -Cortex $cortex -Namespace $ns -Session s -Count 30
            $before = Get-CortexTripleCount -Cortex $cortex
            Invoke-MayrosRewind -Session s -To '2026-03-01T10:00:09Z' -WhatIf | Should -BeNullOrEmpty
            Get-CortexTripleCount -Cortex $cortex | Should -Be $before
        }
    }

    Describe 'Get-MayrosFork' {
        It 'lists every session with a status and filters in a pipeline' {
            Add-CortexSessionEvents -Cortex $cortex -Namespace $ns -Session root -Count 3
            $null = New-MayrosFork -Session root -Name f1
            $null = New-MayrosFork -Session root -Name f2
            (Get-MayrosFork).SessionKey | Should -Be 'f1', 'f2', 'root'
            (Get-MayrosFork | Where-Object Status -eq 'active' | ForEach-Object SessionKey) | Should -Be 'f1', 'f2'
            (Get-MayrosFork -Session root).SessionKey | Should -Be 'root', 'f1', 'f2'
        }

        It 'feeds New-MayrosCheckpoint through the pipeline' {
            Add-CortexSessionEvents -Cortex $cortex -Namespace $ns -Session root -Count 3
            $null = New-MayrosFork -Session root -Name f1
            (Get-MayrosFork | New-MayrosCheckpoint).SessionKey | Should -Be 'f1', 'root'
        }
    }
}
