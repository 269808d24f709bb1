-- One row per school: the DfE register where it knows the school, Ofsted's MI facts beside it.

with

gias as (
    select *
    from stg_gias_establishments
    qualify row_number() over (partition by urn order by as_at_date desc nulls last, source_file desc) = 1
),

mi as (
    select *
    from stg_mi_schools
    qualify row_number() over (partition by urn order by as_at_date desc nulls last, source_file desc) = 1
),

-- GIAS phases folded onto Ofsted's phase groups, which separate special and AP schools
gias_phase as (
    select
        urn,
        case
            when type_group = 'Special schools' or school_type ilike '%special%' then 'Special'
            when school_type ilike '%pupil referral%' or school_type ilike '%alternative provision%'
                then 'Alternative provision'
            when phase ilike 'middle deemed primary' then 'Primary'
            when phase ilike 'middle deemed secondary' then 'Secondary'
            when phase ilike 'not applicable' then null
            else phase
        end as ofsted_phase
    from gias
),

joined as (
    select
        coalesce(g.urn, m.urn) as urn,
        coalesce(g.laestab, m.laestab) as laestab,
        coalesce(g.school_name, m.school_name) as school_name,
        coalesce(g.la_code, m.la_code) as la_code,
        coalesce(g.la_name, m.la_name) as la_name,
        coalesce(m.region, g.region) as region,
        coalesce(m.ofsted_phase, gp.ofsted_phase, 'Not recorded') as phase,
        coalesce(g.school_type, m.school_type, 'Not recorded') as school_type,
        coalesce(g.pupils, m.pupils) as pupils,
        m.idaci_quintile,
        g.fsm_pct,
        coalesce(g.trust_name, m.trust_name) as trust_name,
        coalesce(g.is_open, true) as is_open,
        coalesce(g.opened_on, m.opened_on) as opened_on,
        g.closed_on,
        coalesce(g.postcode, m.postcode) as postcode,
        case
            when g.urn is not null and m.urn is not null then 'GIAS and Ofsted MI'
            when g.urn is not null then 'GIAS'
            else 'Ofsted MI'
        end as facts_from
    from gias as g
    full outer join mi as m on g.urn = m.urn
    left join gias_phase as gp on gp.urn = g.urn
)

select * from joined
order by urn
